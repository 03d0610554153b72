/**
 * When Puter cannot be reached, the cause is said: in the error the client
 * gets (a code and a host, no secret) and in one warning per change of state
 * in the log, and the switch to the bundled model snapshot is logged too.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createApp, listenOptions } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/log.ts'
import { TOKENS } from './fake-puter.ts'
import { freePort } from './fleet-helpers.ts'
import { json } from './harness.ts'

const logs: string[] = []
let app: ReturnType<typeof createApp>
let base = ''
beforeAll(() => {
  const config = loadConfig({ PUTER_API_ORIGIN: `http://127.0.0.1:${freePort()}`, HOST: '127.0.0.1', MODELS_FETCH_TIMEOUT: '2', UPSTREAM_RETRIES: '0' })
  app = createApp(config, { logger: createLogger('info', (line) => logs.push(line)) }).listen({ ...listenOptions(config), port: 0 })
  base = `http://127.0.0.1:${app.server!.port}`
})
afterAll(() => app.stop(true))

const chat = () => fetch(`${base}/v1/chat/completions`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}` },
  body: JSON.stringify({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'hi' }] }),
})

test('the error names the cause; the log says it once, at warn; the snapshot fallback is logged', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await chat()
    expect(res.status).toBe(503)
    const { error } = await json(res)
    expect(error.code).toBe('upstream_unavailable')
    expect(error.message).toMatch(/could not be reached at http:\/\/127\.0\.0\.1:\d+ \(\S+/)
    expect(error.message).not.toContain(TOKENS.valid)
  }
  const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'Puter cannot be reached')
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toMatchObject({ level: 'warn' })
  expect(typeof warnings[0].cause).toBe('string')
  const list = await json(await fetch(`${base}/v1/models`))
  expect(list.source).toBe('snapshot')
  expect(logs.some((l) => l.includes('serving the bundled snapshot'))).toBe(true)
  // Timings in the request lines carry no float noise.
  const lines = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' && l.upstreamMs !== undefined)
  for (const line of lines) expect(Math.round(line.upstreamMs * 10) / 10).toBe(line.upstreamMs)
})
