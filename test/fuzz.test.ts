/**
 * Thousands of malformed, mistyped, deeply nested, huge and unicode-heavy
 * bodies and headers against every route: every answer is a success or a 4xx
 * OpenAI-shaped error, never a 5xx, never a hang, and the server keeps serving.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import fc from 'fast-check'
import { TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ MAX_BODY_SIZE: String(256 * 1024) })
})
afterAll(() => h.stop())

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant('\u0000\uFFFF\uD800'))
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 3 }), text, tie('object'), tie('array')),
  object: fc.dictionary(text, tie('any'), { maxKeys: 5 }),
  array: fc.array(tie('any'), { maxLength: 5 }),
})).any
const role = fc.oneof(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function'), text)
const part = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.oneof(text, value) }),
  fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(fc.record({ url: text }), value) }),
  value,
)
const message = fc.record({
  role,
  content: fc.oneof(text, fc.array(part, { maxLength: 4 }), fc.constant(null), value),
  tool_calls: fc.option(fc.array(fc.record({ id: text, type: fc.constant('function'), function: fc.record({ name: text, arguments: text }) }), { maxLength: 2 }), { nil: undefined }),
  tool_call_id: fc.option(text, { nil: undefined }),
}, { requiredKeys: ['role'] })
const nearlyValid = fc.record({
  model: fc.oneof(fc.constantFrom('gpt-5-nano', 'claude-sonnet-4-5', 'fake'), text, value),
  messages: fc.oneof(fc.array(message, { minLength: 1, maxLength: 4 }), value),
  stream: fc.oneof(fc.boolean(), value),
  temperature: fc.oneof(fc.double(), value),
  max_tokens: fc.oneof(fc.integer(), value),
  n: fc.oneof(fc.integer({ min: -2, max: 3 }), value),
  tools: fc.oneof(fc.array(value, { maxLength: 2 }), value),
  stream_options: value,
}, { requiredKeys: [] })
const deep = fc.integer({ min: 50, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n))
const body = fc.oneof(
  nearlyValid.map((b) => JSON.stringify(b)),
  value.map((v) => JSON.stringify(v)),
  text,
  deep,
  fc.constant('x'.repeat(300 * 1024)), // over MAX_BODY_SIZE
)
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/)
const headers = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/plain;actually=json', 'multipart/form-data', ''),
  authorization: fc.oneof(fc.constant(`Bearer ${TOKENS.valid}`), headerValue.map((v) => `Bearer ${v}`), headerValue),
  'x-message-mode': fc.oneof(fc.constantFrom('raw', 'standard', 'full'), headerValue),
  'x-request-id': headerValue,
}, { requiredKeys: [] })
const route = fc.oneof(
  fc.constantFrom('/v1/chat/completions', '/chat/completions'),
  fc.constantFrom('/v1/models', '/models', '/health', '/', '/metrics').map((p) => ({ get: p })),
  fc.string({ maxLength: 40 }).map((id) => ({ get: `/v1/models/${encodeURIComponent(id)}` })),
  fc.webPath().map((p) => ({ get: p })),
)

test('no input makes the proxy answer 5xx, hang, or answer anything but OpenAI-shaped errors', async () => {
  await fc.assert(
    fc.asyncProperty(route, body, headers, async (target, payload, hdrs) => {
      const isGet = typeof target !== 'string'
      const url = `${h.base}${isGet ? target.get : target}`
      const res = await fetch(url, {
        method: isGet ? 'GET' : 'POST',
        headers: Object.fromEntries(Object.entries(hdrs).filter(([, v]) => v !== '')),
        body: isGet ? undefined : payload,
        signal: AbortSignal.timeout(10_000),
      })
      const textBody = await res.text()
      expect(res.status).toBeLessThan(500)
      if (res.status >= 400) {
        const parsed = JSON.parse(textBody)
        expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message', 'param', 'type'])
        expect(typeof parsed.error.message).toBe('string')
      }
    }),
    { numRuns: 2_000, seed: 20261124 },
  )
  // And the server still serves.
  const after = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: [{ role: 'user', content: 'still there?' }] })
  expect(after.status).toBe(200)
}, 120_000)
