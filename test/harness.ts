/** Starts the proxy on 127.0.0.1:0 in front of a fake Puter, for end-to-end tests. */
import { appendFileSync } from 'node:fs'
import { createApp, listenOptions } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/log.ts'
import { FakePuter, TOKENS } from './fake-puter.ts'

export interface Harness {
  fake: FakePuter
  /** The proxy's base URL, e.g. http://127.0.0.1:40123 */
  base: string
  app: ReturnType<typeof createApp>
  /** The JSON log lines this proxy wrote. */
  logs: string[]
  /** POSTs JSON to the proxy with the valid token unless `headers` says otherwise; `signal` lets a test leave mid-request. */
  post(path: string, body: unknown, headers?: Record<string, string>, signal?: AbortSignal): Promise<Response>
  stop(): void
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await new FakePuter().start().ready()
  const config = loadConfig({ PUTER_API_ORIGIN: fake.origin, MODELS_FETCH_TIMEOUT: '2', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...env })
  const logs: string[] = []
  const logger = createLogger(config.logLevel, (line) => {
    logs.push(line)
    // The test runner scans this file for secrets after the whole suite.
    if (process.env.TEST_LOG_FILE) appendFileSync(process.env.TEST_LOG_FILE, `${line}\n`)
  })
  const app = createApp(config, { logger }).listen({ ...listenOptions(config), port: 0 })
  const base = `http://127.0.0.1:${app.server!.port}`
  return {
    fake,
    base,
    app,
    logs,
    post: (path, body, headers = {}, signal) =>
      fetch(base + path, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    stop() {
      app.stop(true)
      fake.stop()
    },
  }
}

/** Reads an SSE body into its `data:` payloads (parsed JSON, or the raw `[DONE]`) and comment lines. */
export async function readSse(res: Response): Promise<{ data: any[]; comments: string[]; raw: string }> {
  const raw = await res.text()
  const data: any[] = []
  const comments: string[] = []
  for (const frame of raw.split('\n\n')) {
    if (frame === '') continue
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) comments.push(line)
      else if (line.startsWith('data: ')) data.push(line === 'data: [DONE]' ? '[DONE]' : JSON.parse(line.slice(6)))
      else throw new Error(`unexpected SSE line: ${JSON.stringify(line)}`)
    }
  }
  return { data, comments, raw }
}

/** A response body as JSON; test code reads many bodies of known shape. */
export const json = (res: Response): Promise<any> => res.json() as Promise<any>
