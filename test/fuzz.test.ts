/**
 * The fuzz gate: at least 10,000 generated bad requests (fast-check, fixed
 * seed) across every route of every surface: wrong types, huge strings with
 * and without spaces, deep nesting, objects such as `{"toString": …}`,
 * invalid UTF-8, wrong content types and methods, over-size and chunked
 * bodies. The proxy runs as its own process (as in production) while a
 * watchdog process asks /health every 50 ms. Fails on any 5xx, any answer
 * slower than 2 s, any /health slower than 100 ms, an error body not in the
 * surface's shape, and RSS growth beyond a bound.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakePuter, TOKENS } from './fake-puter.ts'

const root = join(import.meta.dir, '..')
let fake: FakePuter
let proxy: ReturnType<typeof Bun.spawn>
let base = ''

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024

beforeAll(async () => {
  fake = await new FakePuter().start().ready()
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port
  probe.stop(true)
  proxy = Bun.spawn([process.execPath, 'src/index.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUTER_API_ORIGIN: fake.origin, MAX_BODY_SIZE: String(1024 * 1024), LOG_LEVEL: 'warn', BODY_READ_TIMEOUT: '5', UPSTREAM_RETRIES: '0' },
    stdout: 'ignore', stderr: 'pipe',
  })
  base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break
    await Bun.sleep(25)
  }
})
afterAll(() => {
  proxy?.kill()
  fake?.stop()
})

// ---------- generators ----------
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('\u0000\uFFFF\uD800'))
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 3 }), text, tie('object'), tie('array')),
  object: fc.dictionary(text, tie('any'), { maxKeys: 5 }),
  array: fc.array(tie('any'), { maxLength: 5 }),
})).any
const odd = fc.constantFrom({ toString: 'x' }, { valueOf: 1 }, { toString: [], valueOf: {} }, { __proto__: { a: 1 } }, { constructor: 'x' }, { toJSON: 'x' })
const huge = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'a'.repeat(n)), // one long word
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'lorem ipsum '.repeat(n)),
)
const field = fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: huge }, { weight: 2, arbitrary: text })
const model = fc.oneof(fc.constantFrom('gpt-5-nano', 'claude-sonnet-4-5', 'fake', 'no-such-model'), field)
const part = fc.oneof(
  fc.record({ type: fc.constantFrom('text', 'input_text', 'output_text'), text: field }),
  fc.record({ type: fc.constantFrom('image_url', 'image', 'input_image'), image_url: field, source: field }),
  fc.record({ type: fc.constantFrom('tool_use', 'tool_result', 'function_call', 'thinking', 'server_tool_use'), id: field, name: field, input: field, content: field }),
  field,
)
const message = fc.record({
  role: fc.oneof(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function'), field),
  content: fc.oneof(field, fc.array(part, { maxLength: 4 })),
  type: fc.oneof(fc.constantFrom('message', 'function_call', 'function_call_output', 'item_reference', 'reasoning'), field),
  tool_calls: field, tool_call_id: field, call_id: field, output: field, arguments: field,
}, { requiredKeys: [] })
const request = fc.record({
  model, messages: fc.oneof(fc.array(message, { maxLength: 4 }), field), input: fc.oneof(fc.array(message, { maxLength: 4 }), field),
  prompt: field, system: fc.oneof(field, fc.array(part, { maxLength: 2 })), max_tokens: field, stream: fc.oneof(fc.boolean(), field),
  tools: fc.oneof(fc.array(fc.record({ type: field, name: field, function: field, parameters: field, input_schema: field }, { requiredKeys: [] }), { maxLength: 2 }), field),
  previous_response_id: field, instructions: field, temperature: field, n: field, thinking: field, stream_options: field,
}, { requiredKeys: [] })
const deep = fc.integer({ min: 50, max: 30_000 }).map((n) => (n % 2 ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)))
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => new Uint8Array([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xff, 0xfe, ...b, 0x22, 0x7d]))
const body = fc.oneof(
  { weight: 6, arbitrary: request.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: value.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: fc.integer({ min: 1024 * 1024 + 1, max: 3 * 1024 * 1024 }).map((n) => `{"model":"${'x'.repeat(n)}"}`) }, // over MAX_BODY_SIZE
)
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/)
const headers = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/plain;actually=json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''),
  authorization: fc.oneof(fc.constant(`Bearer ${TOKENS.valid}`), headerValue.map((v) => `Bearer ${v}`), headerValue),
  'x-api-key': fc.oneof(fc.constant(TOKENS.valid), headerValue),
  'anthropic-version': fc.constantFrom('2023-06-01', ''),
  'x-message-mode': fc.oneof(fc.constantFrom('raw', 'standard', 'full'), headerValue),
  'x-model-aliases': fc.oneof(fc.constant('a=b'), headerValue),
}, { requiredKeys: [] })
const POSTS = ['/v1/chat/completions', '/chat/completions', '/v1/responses', '/responses', '/v1/completions', '/v1/messages', '/v1/messages/count_tokens']
const target = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...POSTS).map((path) => ({ method: 'POST', path })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('GET', 'DELETE'), fc.constantFrom('/v1/responses/', '/v1/models/'), fc.string({ maxLength: 40 }), fc.constantFrom('', '/input_items'))
    .map(([method, prefix, id, suffix]) => ({ method, path: `${prefix}${encodeURIComponent(id)}${suffix}` })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST'), fc.constantFrom(...POSTS, '/v1/models', '/health', '/', '/metrics', '/v1', '/v1/models/%ff/', '/swagger/json'))
    .map(([method, path]) => ({ method, path })) },
  { weight: 1, arbitrary: fc.webPath().map((path) => ({ method: 'GET', path: path || '/' })) },
)
const chunked = fc.boolean()

const RUNS = 10_000
const MAX_ANSWER_MS = 2_000

test(`${RUNS} generated bad requests: no 5xx, no answer slower than ${MAX_ANSWER_MS} ms, /health always under 100 ms, bounded memory`, async () => {
  const watchdog = Bun.spawn([process.execPath, join(import.meta.dir, 'fuzz-watchdog.ts'), base], { stdout: 'pipe' })
  const rssBefore = rssOf(proxy.pid)
  let sent = 0
  let slowest = 0
  const problems: string[] = []
  const cases = fc.sample(fc.tuple(target, body, headers, chunked), { numRuns: RUNS, seed: 20261206 })

  // Four at a time: real concurrency, with CPU left on two cores for the proxy and the watchdog, so their timings stay theirs.
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const [{ method, path }, payload, hdrs, asStream] = cases[next++]!
      const hasBody = method !== 'GET' && method !== 'HEAD'
      const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload
      const t = performance.now()
      let res: Response
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: Object.fromEntries(Object.entries(hdrs).filter(([, v]) => v !== '')),
          body: !hasBody ? undefined : asStream ? new Blob([bytes]).stream() : bytes,
          signal: AbortSignal.timeout(10_000),
          duplex: 'half',
        } as RequestInit)
      } catch (err) {
        problems.push(`${method} ${path}: no answer (${err})`)
        continue
      }
      const answer = await res.text()
      const ms = performance.now() - t
      slowest = Math.max(slowest, ms)
      sent++
      if (res.status >= 500) problems.push(`${method} ${path}: ${res.status} ${answer.slice(0, 200)}`)
      if (ms > MAX_ANSWER_MS) problems.push(`${method} ${path}: answered in ${Math.round(ms)} ms`)
      if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
        const parsed = JSON.parse(answer)
        const anthropic = path.startsWith('/v1/messages')
        const shape = anthropic ? parsed.type === 'error' && typeof parsed.error?.message === 'string' : Object.keys(parsed.error ?? {}).sort().join() === 'code,message,param,type'
        if (!shape) problems.push(`${method} ${path}: error body not in the surface's shape: ${answer.slice(0, 200)}`)
      } else if (res.status >= 400) {
        problems.push(`${method} ${path}: ${res.status} without a JSON error body`)
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  watchdog.kill('SIGTERM')
  const health = JSON.parse(await new Response(watchdog.stdout).text())
  const rssGrowth = rssOf(proxy.pid) - rssBefore

  expect(problems.slice(0, 20)).toEqual([])
  expect(sent).toBe(RUNS)
  expect(health.failures).toBe(0)
  expect(health.asked).toBeGreaterThan(50)
  expect(health.slowest).toBeLessThan(100)
  expect(slowest).toBeLessThan(MAX_ANSWER_MS)
  // The tokenizer worker (about 70 MB once loaded) and a heap sized for eight concurrent multi-megabyte bodies; the audit saw 3 GB.
  expect(rssGrowth).toBeLessThan(384 * 1024 * 1024)
  // And the server still serves.
  const after = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}` }, body: JSON.stringify({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'still there?' }] }) })
  expect(after.status).toBe(200)
  console.log(`fuzz gate: ${sent} requests, slowest answer ${Math.round(slowest)} ms, slowest /health ${Math.round(health.slowest)} ms over ${health.asked} asks, RSS +${Math.round(rssGrowth / 1048576)} MB`)
}, 150_000)
