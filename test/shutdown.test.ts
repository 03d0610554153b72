/**
 * SIGTERM on the real entry point: stop accepting, let in-flight streams run
 * for SHUTDOWN_GRACE, then end the rest with an error frame and [DONE], exit 0.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakePuter, ndjson, TOKENS } from './fake-puter.ts'
import { readSse } from './harness.ts'

let fake: FakePuter
let logged = () => ''
beforeAll(async () => {
  fake = await new FakePuter().start().ready()
  fake.script('quick', { stream: [...ndjson({ type: 'text', text: 'quick ' }), { delayMs: 400 }, ...ndjson({ type: 'text', text: 'done' }, { type: 'usage' })] })
  fake.script('endless', { stream: [...ndjson({ type: 'text', text: 'forever ' }), { delayMs: 60_000 }, ...ndjson({ type: 'usage' })] })
})
afterAll(() => fake.stop())

async function startServer() {
  const child = Bun.spawn(['bun', 'src/index.ts'], {
    cwd: join(import.meta.dir, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PUTER_API_ORIGIN: fake.origin, SHUTDOWN_GRACE: '1', LOG_LEVEL: 'info' },
    stdout: 'pipe', stderr: 'pipe',
  })
  const reader = child.stdout.getReader()
  let out = ''
  logged = () => out
  while (!out.includes('"listening"')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`server exited: ${out}${await new Response(child.stderr).text()}`)
    out += new TextDecoder().decode(value)
  }
  const api = JSON.parse(out.split('\n').find((l) => l.includes('"listening"'))!).api as string
  // Keep collecting what the server logs, for the secret scan.
  void (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += new TextDecoder().decode(r.value)
  })()
  return { child, base: api.replace(/\/v1$/, '').replace('localhost', '127.0.0.1') }
}

const stream = (base: string, model: string) => fetch(`${base}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}` },
  body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
})

test('in-flight streams finish within the grace period or end with an error frame; new connections are refused; exit 0', async () => {
  const { child, base } = await startServer()
  const quick = await stream(base, 'quick')
  const endless = await stream(base, 'endless')
  const quickDone = readSse(quick)
  const endlessDone = readSse(endless)
  await Bun.sleep(100)
  child.kill('SIGTERM')
  await Bun.sleep(100)

  const refused = await fetch(`${base}/health`).then(() => false, () => true)
  expect(refused).toBe(true)

  const q = await quickDone
  expect(q.data.map((c: any) => c.choices?.[0]?.delta.content ?? '').join('')).toBe('quick done')
  expect(q.data.at(-1)).toBe('[DONE]')

  const e = await endlessDone
  expect(e.data.at(-2).error).toMatchObject({ code: 'server_shutting_down' })
  expect(e.data.at(-1)).toBe('[DONE]')

  expect(await child.exited).toBe(0)
  // The child's log lines join the suite-wide secret scan (scripts/run-tests.ts).
  const stderr = await new Response(child.stderr).text()
  await Bun.sleep(50)
  expect(logged()).toContain('"shutting down"')
  if (process.env.TEST_LOG_FILE) appendFileSync(process.env.TEST_LOG_FILE, `${logged()}${stderr}`)
}, 20_000)
