/**
 * Long generations survive: Bun closes connections idle for 10 s and Elysia's
 * adapter after 30 s unless told otherwise. Heartbeats are off here so only
 * the idle-timeout handling keeps these alive. Both run at once: ~40 s of wall time.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { ndjson } from './fake-puter.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

const SILENCE_MS = 40_000
let h: Harness
beforeAll(async () => {
  h = await startHarness({ HEARTBEAT_INTERVAL: '0' })
})
afterAll(() => h.stop())

test('a stream with a 40-second silence and a 40-second non-stream answer both complete', async () => {
  h.fake.script('slow-stream', {
    stream: [...ndjson({ type: 'text', text: 'before ' }), { delayMs: SILENCE_MS }, ...ndjson({ type: 'text', text: 'after' }, { type: 'usage' })],
  })
  h.fake.script('slow-answer', { headersDelayMs: SILENCE_MS, result: { message: { content: 'worth the wait' }, finish_reason: 'stop' } })

  const messages = [{ role: 'user', content: 'take your time' }]
  const [stream, answer] = await Promise.all([
    h.post('/v1/chat/completions', { model: 'slow-stream', stream: true, messages }).then(readSse),
    h.post('/v1/chat/completions', { model: 'slow-answer', messages }).then(json),
  ])

  const text = stream.data.slice(0, -1).map((c: any) => c.choices[0]?.delta.content ?? '').join('')
  expect(text).toBe('before after')
  expect(stream.data.at(-1)).toBe('[DONE]')
  expect(answer.choices[0].message.content).toBe('worth the wait')
}, SILENCE_MS + 20_000)
