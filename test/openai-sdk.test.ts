/** The official `openai` npm SDK against the proxy and the fake Puter. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI, { APIError, AuthenticationError, BadRequestError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai'
import { ndjson, TOKENS } from './fake-puter.ts'
import { fixtureJson, fixtureText } from './fixtures.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let client: OpenAI
beforeAll(async () => {
  h = await startHarness()
  // Retries would hide the first error and slow the suite: the SDK retries 429 and 5xx by default.
  client = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.valid, maxRetries: 0 })
})
afterAll(() => h.stop())

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
}

describe('chat.completions', () => {
  test('create, non-stream', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'ping' }] })
    expect(completion.choices[0]!.message.content).toBe('Echo: ping')
    expect(completion.choices[0]!.finish_reason).toBe('stop')
    expect(completion.usage!.total_tokens).toBeGreaterThan(0)
  })

  test('create, stream, with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'claude-sonnet-4-5', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'stream me' }],
    })
    let text = ''
    let usage: OpenAI.CompletionUsage | null | undefined
    let finish: string | null = null
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      usage = chunk.usage ?? usage
    }
    expect(text).toBe('Echo: stream me')
    expect(finish).toBe('stop')
    expect(usage!.prompt_tokens).toBe(12)
  })

  test('chat.completions.stream(...).finalChatCompletion(), which rejects chunks without role or finish_reason', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'final' }] })
    const deltas: string[] = []
    runner.on('content', (delta) => deltas.push(delta))
    const final = await runner.finalChatCompletion()
    expect(final.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Echo: final' })
    expect(final.choices[0]!.finish_reason).toBe('stop')
    expect(deltas.join('')).toBe('Echo: final')
  })

  test('a tool round trip: tool_calls streamed, then the tool result sent back', async () => {
    h.fake.script('weather-bot', (args) => {
      const last = args.messages.at(-1)
      if (last.role === 'tool') return { result: { message: { content: `It is ${last.content} in Paris.` }, finish_reason: 'stop' } }
      return { stream: ndjson({ type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' }, text: '' }, { type: 'usage' }) }
    })
    const runner = client.chat.completions.stream({ model: 'weather-bot', tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] })
    const first = await runner.finalChatCompletion()
    const call = first.choices[0]!.message.tool_calls![0]!
    expect(first.choices[0]!.finish_reason).toBe('tool_calls')
    expect(call.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' })

    const second = await client.chat.completions.create({
      model: 'weather-bot', tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call.id, content: '18°C' },
      ],
    })
    expect(second.choices[0]!.message.content).toBe('It is 18°C in Paris.')
    // The assistant's tool call reached Puter as a tool_use block with an object input.
    const sent = h.fake.calls.at(-1).args.messages
    expect(sent[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' } }] })
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: 'call_w1', content: '18°C' })
  })

  test('non-stream Claude tool calls come back as tool_calls', async () => {
    h.fake.script('claude-tool-json', { result: fixtureJson('claude-tool-result.json') })
    const completion = await client.chat.completions.create({ model: 'claude-tool-json', tools: [weatherTool], messages: [{ role: 'user', content: 'x' }] })
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls')
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1)
  })

  test('an image part reaches Puter untouched', async () => {
    const url = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
    await client.chat.completions.create({
      model: 'gpt-5-nano',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url, detail: 'low' } }] }],
    })
    expect(h.fake.calls.at(-1).args.messages[0].content[1]).toEqual({ type: 'image_url', image_url: { url, detail: 'low' } })
  })

  test('reasoning arrives as reasoning_content, streamed and not', async () => {
    h.fake.script('thinker-sdk', { stream: [fixtureText('openai-reasoning-tool-stream.ndjson')], result: fixtureJson('responses-result.json') })
    const stream = await client.chat.completions.create({ model: 'thinker-sdk', stream: true, messages: [{ role: 'user', content: 'x' }] })
    let reasoning = ''
    for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''
    expect(reasoning).toBe('User wants weather; call tool.')
    const completion = await client.chat.completions.create({ model: 'thinker-sdk', messages: [{ role: 'user', content: 'x' }] })
    expect((completion.choices[0]!.message as { reasoning_content?: string }).reasoning_content).toBe('I should call the search tool.')
  })
})

describe('models', () => {
  test('models.list() and models.retrieve() with an id holding : and /', async () => {
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toContain('gpt-5-nano-2025-08-07')
    const model = await client.models.retrieve('openrouter:anthropic/claude-3.5-sonnet')
    expect(model.id).toBe('openrouter:anthropic/claude-3.5-sonnet')
    expect(model.owned_by).toBe('openrouter')
  })
})

describe('typed errors', () => {
  test('AuthenticationError for a token Puter rejects', async () => {
    const bad = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: 'not-a-token', maxRetries: 0 })
    const err = await bad.chat.completions.create({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(AuthenticationError)
    expect(err.code).toBe('invalid_api_key')
  })

  test('PermissionDeniedError for a scoped token', async () => {
    const scoped = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.scoped, maxRetries: 0 })
    // The SDK's APIPromise is lazy, so catch it explicitly rather than through expect().rejects.
    const err = await scoped.chat.completions.create({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(PermissionDeniedError)
  })

  test('RateLimitError with Retry-After when Puter says 429', async () => {
    h.fake.script('limited', { error: fixtureJson('errors.json').too_many_concurrent })
    const err = await client.chat.completions.create({ model: 'limited', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(RateLimitError)
    expect(err.headers.get('retry-after')).toBe('1')
  })

  test('NotFoundError for an unknown model', async () => {
    const err = await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err.code).toBe('model_not_found')
  })

  test('BadRequestError naming the parameter', async () => {
    const err = await client.chat.completions.create({ model: 'gpt-5-nano', n: 2, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)
    expect(err).toBeInstanceOf(BadRequestError)
    expect(err.param).toBe('n')
  })

  test('APIError from a mid-stream failure, after the text that did arrive', async () => {
    h.fake.script('breaks', { stream: [fixtureText('mid-stream-error.ndjson')] })
    const stream = await client.chat.completions.create({ model: 'breaks', stream: true, messages: [{ role: 'user', content: 'x' }] })
    let text = ''
    const err = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    })().catch((e) => e)
    expect(text).toBe('Half an ans')
    expect(err).toBeInstanceOf(APIError)
    expect(err.message).toContain('upstream connection reset by provider')
  })
})
