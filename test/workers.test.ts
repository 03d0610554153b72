/**
 * WORKERS=2 on the real entry point: two processes share one port, both
 * serve requests, and SIGTERM to the primary stops them all gracefully.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakePuter, TOKENS } from './fake-puter.ts'

let fake: FakePuter
beforeAll(async () => {
  fake = await new FakePuter().start().ready()
})
afterAll(() => fake.stop())

test('two workers share the port, both answer, and SIGTERM stops them all', async () => {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port
  probe.stop(true)

  const primary = Bun.spawn(['bun', 'src/index.ts'], {
    cwd: join(import.meta.dir, '..'),
    env: { ...process.env, WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', PUTER_API_ORIGIN: fake.origin, SHUTDOWN_GRACE: '1' },
    stdout: 'pipe', stderr: 'pipe',
  })
  let out = ''
  const reader = primary.stdout.getReader()
  const collecting = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += new TextDecoder().decode(r.value)
  })()
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
  for (let i = 0; i < 200 && lines().filter((l) => l.msg === 'listening').length < 2; i++) await Bun.sleep(25)
  const listening = lines().filter((l) => l.msg === 'listening')
  expect(listening.map((l) => l.worker).sort()).toEqual([0, 1])
  expect(new Set(listening.map((l) => l.pid)).size).toBe(2)

  // New connections each time, so the kernel spreads them across the two listeners.
  const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: 'POST',
    keepalive: false,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}`, connection: 'close' },
    body: JSON.stringify({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'which worker?' }] }),
  }).then((r) => r.status)))
  expect(answers.every((s) => s === 200)).toBe(true)
  await Bun.sleep(100)
  const servedBy = new Set(lines().filter((l) => l.msg === 'request').map((l) => l.pid))
  expect(servedBy.size).toBe(2)

  primary.kill('SIGTERM')
  expect(await primary.exited).toBe(0)
  await collecting
  expect(await fetch(`http://127.0.0.1:${port}/health`).then(() => 'up', () => 'down')).toBe('down')
  // These log lines join the suite-wide secret scan (scripts/run-tests.ts).
  if (process.env.TEST_LOG_FILE) appendFileSync(process.env.TEST_LOG_FILE, out)
}, 30_000)
