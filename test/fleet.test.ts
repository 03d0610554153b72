/**
 * A fleet sharing one real Redis server: three proxy processes (and a
 * WORKERS=2 one) keep a token within Puter's limits together, as the fake
 * Puter's own counters prove; a response stored through one instance is
 * continued through another; a Redis outage mid-load loses no request and
 * shared limits come back by themselves; an instance killed while holding
 * slots locks the token out for at most a lease.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'bun:test'
import { FakePuter, ndjson, TOKENS } from './fake-puter.ts'
import { freePort, startProxy, startRedis, type ProxyProcess, type RedisServer } from './fleet-helpers.ts'

let fake: FakePuter
let redis: RedisServer
let proxies: ProxyProcess[] = []
beforeAll(async () => {
  fake = await new FakePuter().start().ready()
  // A model that takes a while: slots stay busy long enough for the limits to bind.
  fake.script('slow', { stream: [{ delayMs: 300 }, ...ndjson({ type: 'text', text: 'done' }, { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1 } })], result: { message: { content: 'done' }, usage: {} }, headersDelayMs: 300 })
  fake.script('long', { stream: [{ delayMs: 60_000 }, ...ndjson({ type: 'usage', usage: {} })] })
  redis = await startRedis()
})
afterEach(async () => {
  await Promise.all(proxies.map((p) => p.stop()))
  proxies = []
})
afterAll(async () => {
  fake.stop()
  await redis.stop()
})

const env = (extra: Record<string, string> = {}) => ({ PUTER_API_ORIGIN: fake.origin, REDIS_URL: redis.url, ...extra })
const chat = (base: string, model = 'slow', token = TOKENS.valid, signal?: AbortSignal) => fetch(`${base}/v1/chat/completions`, {
  method: 'POST', signal,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ model, stream: model === 'long', messages: [{ role: 'user', content: 'hi' }] }),
})
const resetCounters = () => {
  fake.maxInFlight = 0
  fake.starts.length = 0
}

test('three instances keep one token within 3 in flight and 30 started per 10 s at Puter', async () => {
  proxies = await Promise.all([1, 2, 3].map(() => startProxy(env())))
  resetCounters()
  const started = performance.now()
  const answers = await Promise.all(Array.from({ length: 34 }, (_, i) => chat(proxies[i % 3]!.base).then(async (r) => (r.status === 200 ? 200 : `${r.status} ${await r.text()}`))))
  expect(answers.every((s) => s === 200)).toBe(true)
  expect(fake.maxInFlight).toBe(3)
  expect(fake.maxStartsWithin(10_000)).toBeLessThanOrEqual(30)
  expect(fake.maxStartsWithin(10_000)).toBeGreaterThanOrEqual(28)
  // The four requests past the rate had to wait for the window to slide (32 may wait at once: QUEUE_MAX_PER_TOKEN).
  expect(performance.now() - started).toBeGreaterThan(9_000)
}, 60_000)

test('WORKERS=2 shares the same limits', async () => {
  const port = freePort()
  proxies = [await startProxy(env({ WORKERS: '2', PORT: String(port) }))]
  for (let i = 0; i < 100 && (proxies[0]!.output().match(/"listening"/g) ?? []).length < 2; i++) await Bun.sleep(25)
  resetCounters()
  const answers = await Promise.all(Array.from({ length: 24 }, () => fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: 'POST', keepalive: false,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}`, connection: 'close' },
    body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] }),
  }).then((r) => r.status)))
  expect(answers.every((s) => s === 200)).toBe(true)
  expect(fake.maxInFlight).toBe(3)
  const pids = new Set(proxies[0]!.output().split('\n').filter((l) => l.includes('"route":"/v1/chat/completions"')).map((l) => JSON.parse(l).pid))
  expect(pids.size).toBe(2)
}, 60_000)

test('a response stored through one instance is continued through another, and stays its owner\'s', async () => {
  proxies = await Promise.all([1, 2].map(() => startProxy(env())))
  const post = (base: string, body: unknown, token = TOKENS.valid) => fetch(`${base}/v1/responses`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  })
  const first = await (await post(proxies[0]!.base, { model: 'gpt-5-nano', input: 'remember me' })).json() as any
  const second = await post(proxies[1]!.base, { model: 'gpt-5-nano', input: 'and now?', previous_response_id: first.id })
  expect(second.status).toBe(200)
  expect(fake.calls.at(-1).args.messages.map((m: any) => m.content)).toEqual(['remember me', 'Echo: remember me', 'and now?'])
  expect((await fetch(`${proxies[1]!.base}/v1/responses/${first.id}`, { headers: { authorization: `Bearer ${TOKENS.valid}` } })).status).toBe(200)
  expect((await fetch(`${proxies[1]!.base}/v1/responses/${first.id}`, { headers: { authorization: 'Bearer tok-other-account' } })).status).toBe(404)
}, 30_000)

test('Redis killed mid-load and restarted: no request fails, and shared state comes back by itself', async () => {
  proxies = await Promise.all([1, 2].map(() => startProxy(env())))
  const load = Array.from({ length: 24 }, (_, i) => Bun.sleep(i * 120).then(() => chat(proxies[i % 2]!.base, 'gpt-5-nano')).then((r) => r.status))
  await Bun.sleep(700)
  await redis.stop()
  const ready = await (await fetch(`${proxies[0]!.base}/health/ready`)).json() as any
  await Bun.sleep(1_000)
  const during = await (await fetch(`${proxies[0]!.base}/health/ready`)).json() as any
  expect(during).toMatchObject({ status: 'degraded', shared_state: 'local' })
  await redis.start()
  expect((await Promise.all(load)).every((s) => s === 200)).toBe(true)
  let after: any
  for (let i = 0; i < 50; i++) {
    after = await (await fetch(`${proxies[0]!.base}/health/ready`)).json()
    if (after.shared_state === 'redis') break
    await Bun.sleep(100)
  }
  expect(after).toMatchObject({ status: 'ok', shared_state: 'redis' })
  expect(ready.shared_state === 'redis' || ready.shared_state === 'local').toBe(true)
  // The fallback was logged once per instance, as a warning, without the URL's password.
  const warnings = proxies[0]!.output().split('\n').filter((l) => l.includes('redis is unreachable'))
  expect(warnings.length).toBeGreaterThanOrEqual(1)
  expect(warnings.length).toBeLessThanOrEqual(2)
  // And shared limits hold again.
  resetCounters()
  const statuses = await Promise.all(Array.from({ length: 9 }, (_, i) => chat(proxies[i % 2]!.base).then((r) => r.status)))
  expect(statuses.every((s) => s === 200)).toBe(true)
  expect(fake.maxInFlight).toBe(3)
}, 60_000)

test('an instance killed while holding slots locks its token out for at most a lease', async () => {
  const token = 'tok-lease-test-000111'
  proxies = await Promise.all([1, 2].map(() => startProxy(env({ REDIS_LEASE: '2' }))))
  const victim = proxies[0]!
  // Three long streams hold all of the token's slots on the first instance.
  const held = Array.from({ length: 3 }, () => chat(victim.base, 'long', token).then((r) => r.body?.getReader().read()).catch(() => undefined))
  for (let i = 0; i < 100 && fake.inFlight < 3; i++) await Bun.sleep(20)
  expect(fake.inFlight).toBe(3)
  await victim.stop('SIGKILL')
  proxies = proxies.slice(1)
  await Promise.all(held)
  const t = performance.now()
  const res = await chat(proxies[0]!.base, 'gpt-5-nano', token)
  expect(res.status).toBe(200)
  expect(performance.now() - t).toBeLessThan(2_000 + 1_500)
}, 30_000)
