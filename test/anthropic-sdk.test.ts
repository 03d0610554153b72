/** The official `@anthropic-ai/sdk` against the proxy and the fake Puter. */
import Anthropic, { APIError, AuthenticationError, NotFoundError, RateLimitError } from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ndjson, TOKENS } from './fake-puter.ts'
import { fixtureJson, fixtureText } from './fixtures.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let client: Anthropic
beforeAll(async () => {
  h = await startHarness()
  // The SDK sends the key as x-api-key and retries 429/5xx by default.
  client = new Anthropic({ apiKey: TOKENS.valid, baseURL: h.base, maxRetries: 0 })
})
afterAll(() => h.stop())

const weather = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }

describe('messages', () => {
  test('create, non-stream', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'hello sdk' }] })
    expect(message.content).toMatchObject([{ type: 'text', text: 'Echo: hello sdk' }])
    expect(message.stop_reason).toBe('end_turn')
    expect(message.usage.input_tokens).toBe(12)
    expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
  })

  test('create with stream: true, read as raw events', async () => {
    const stream = await client.messages.create({ model: 'gpt-5-nano', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'stream it' }] })
    const types: string[] = []
    let text = ''
    for await (const event of stream) {
      types.push(event.type)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text
    }
    expect(text).toBe('Echo: stream it')
    expect(types[0]).toBe('message_start')
    expect(types.at(-1)).toBe('message_stop')
  })

  test('messages.stream(...).finalMessage() with thinking, text and a tool call', async () => {
    h.fake.script('thinking-tools', { stream: [fixtureText('openai-reasoning-tool-stream.ndjson')] })
    const final = await client.messages.stream({
      model: 'thinking-tools', max_tokens: 2048, tools: [weather], thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'weather in Paris?' }],
    }).finalMessage()
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use'])
    expect(final.content[1]).toMatchObject({ type: 'text', text: 'Checking now.' })
    expect(final.content[2]).toMatchObject({ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } })
    expect(final.stop_reason).toBe('tool_use')
    expect(final.usage.output_tokens).toBe(23)
    expect(h.fake.calls.at(-1).args.reasoning_effort).toBe('low')
  })

  test('a tool round trip: tool_use, then the tool_result sent back', async () => {
    h.fake.script('claude-weather', (args) => {
      const tool = args.messages.find((m: any) => m.role === 'tool')
      if (tool) return { result: { message: { role: 'assistant', content: [{ type: 'text', text: `It is ${tool.content}.` }], stop_reason: 'end_turn' }, usage: { input_tokens: 30, output_tokens: 5 }, finish_reason: 'stop' } }
      return { result: { message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Oslo' } }], stop_reason: 'tool_use' }, usage: { input_tokens: 20, output_tokens: 9 }, finish_reason: 'stop' } }
    })
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'weather in Oslo?' }]
    const first = await client.messages.create({ model: 'claude-weather', max_tokens: 256, tools: [weather], messages })
    expect(first.stop_reason).toBe('tool_use')
    const call = first.content.find((b) => b.type === 'tool_use')!
    messages.push({ role: 'assistant', content: first.content })
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.type === 'tool_use' ? call.id : '', content: '12°C' }] })
    const second = await client.messages.create({ model: 'claude-weather', max_tokens: 256, tools: [weather], messages })
    expect(second.content).toMatchObject([{ type: 'text', text: 'It is 12°C.' }])
    const sent = h.fake.calls.at(-1).args
    expect(sent.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Oslo' } }] })
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: 'toolu_9', content: '12°C' })
    expect(sent.tools[0]).toEqual({ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weather.input_schema } })
  })

  test('an image input reaches a Claude model as an Anthropic image block', async () => {
    const source = { type: 'base64' as const, media_type: 'image/png' as const, data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }
    await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', source }] }] })
    expect(h.fake.calls.at(-1).args.messages[0].content[1]).toEqual({ type: 'image', source })
  })
})

describe('countTokens and models', () => {
  test('countTokens answers locally, without calling Puter', async () => {
    const before = h.fake.requests.length
    const count = await client.messages.countTokens({ model: 'claude-sonnet-4-5', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, Claude' }] })
    expect(count.input_tokens).toBeGreaterThan(5)
    expect(h.fake.requests.length).toBe(before)
  })

  test('models.list() gets Anthropic\'s shape', async () => {
    const ids: string[] = []
    for await (const model of client.models.list()) {
      expect(model.type).toBe('model')
      ids.push(model.id)
    }
    expect(ids).toContain('claude-sonnet-4-5-20250929')
  })
})

describe('typed errors, in Anthropic\'s shape', () => {
  test('AuthenticationError for a token Puter rejects', async () => {
    const bad = new Anthropic({ apiKey: 'not-a-token', baseURL: h.base, maxRetries: 0 })
    const err = await bad.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(AuthenticationError)
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } })
  })

  test('NotFoundError for an unknown model, RateLimitError for Puter\'s 429', async () => {
    const missing = await client.messages.create({ model: 'claude-99', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing.error.error.type).toBe('not_found_error')
    h.fake.script('claude-busy', { error: fixtureJson('errors.json').too_many_concurrent })
    const limited = await client.messages.create({ model: 'claude-busy', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(limited).toBeInstanceOf(RateLimitError)
  })

  test('a missing max_tokens is an invalid_request_error', async () => {
    const res = await h.post('/v1/messages', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
  })

  test('a mid-stream failure is an error event the SDK raises, after the text that arrived; never a silent end_turn', async () => {
    h.fake.script('claude-breaks', { stream: [fixtureText('mid-stream-error.ndjson')] })
    const stream = client.messages.stream({ model: 'claude-breaks', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] })
    let text = ''
    stream.on('text', (delta) => (text += delta))
    const err = await stream.finalMessage().catch((e) => e)
    expect(text).toBe('Half an ans')
    expect(err).toBeInstanceOf(APIError)
    expect(String(err.message)).toContain('upstream connection reset by provider')
  })

  test('a Claude stream whose only line is an error', async () => {
    h.fake.script('claude-429-stream', { stream: ndjson({ type: 'error', message: '429 rate_limit_error' }) })
    const err = await client.messages.stream({ model: 'claude-429-stream', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage().catch((e) => e)
    expect(err).toBeInstanceOf(APIError)
  })
})

describe('keep-alive', () => {
  test('a quiet stream carries `event: ping` frames, which the SDK reads past', async () => {
    const quiet = await startHarness({ HEARTBEAT_INTERVAL: '1' })
    try {
      quiet.fake.script('claude-slow', { stream: [{ delayMs: 1_600 }, ...ndjson({ type: 'text', text: 'late' }, { type: 'usage' })] })
      const raw = await (await quiet.post('/v1/messages', { model: 'claude-slow', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] })).text()
      expect(raw).toContain('event: ping\ndata: {"type":"ping"}\n\n')
      const sdk = new Anthropic({ apiKey: TOKENS.valid, baseURL: quiet.base, maxRetries: 0 })
      const message = await sdk.messages.stream({ model: 'claude-slow', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage()
      expect(message.content).toMatchObject([{ type: 'text', text: 'late' }])
    } finally {
      quiet.stop()
    }
  }, 15_000)
})
