import { describe, expect, test } from 'bun:test'
import { toPuterMessages } from '../src/anthropic/messages.ts'
import type { MessagesRequest } from '../src/anthropic/schema.ts'
import { countInputTokens, estimateByLength, estimateInputTokens, loadTokenizer } from '../src/anthropic/tokens.ts'
import { createEventTranslator, toAnthropicMessage, toPuterArgs, toReasoningEffort } from '../src/anthropic/translate.ts'
import { ProxyError } from '../src/errors.ts'
import { collect, drive, fixtureEvents, fixtureJson, fromArray } from './fixtures.ts'

const png = { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' }

describe('toPuterMessages', () => {
  test('system as a string or text blocks becomes one system message', () => {
    expect(toPuterMessages('Be brief.', [{ role: 'user', content: 'hi' }], true)).toEqual([
      { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' },
    ])
    expect(toPuterMessages([{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }], [{ role: 'user', content: 'hi' }], true)[0])
      .toEqual({ role: 'system', content: 'A\n\nB' })
  })

  test('tool_use passes as Puter\'s native block; tool_result becomes a tool message before the rest of the turn', () => {
    const out = toPuterMessages(undefined, [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '12°C' }, { type: 'text', text: 'thanks' }] },
    ], true)
    expect(out).toEqual([
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '12°C' },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ])
  })

  test('tool results with text and images: the text in the tool message, the images in a user turn after it; errors say so', () => {
    const out = toPuterMessages(undefined, [{
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: [{ type: 'text', text: 'screenshot failed half-way' }, { type: 'image', source: png }] }],
    }], false)
    expect(out).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'Error: screenshot failed half-way' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ])
  })

  test('images stay Anthropic blocks for Claude models and become image_url data URLs for the others', () => {
    const messages = [{ role: 'user' as const, content: [{ type: 'image' as const, source: png }, { type: 'image' as const, source: { type: 'url' as const, url: 'https://x.test/a.png' } }] }]
    expect(toPuterMessages(undefined, messages, true)[0]!.content).toEqual(messages[0]!.content)
    expect(toPuterMessages(undefined, messages, false)[0]!.content).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
    ])
  })

  test('thinking blocks and empty turns are not sent', () => {
    expect(toPuterMessages(undefined, [
      { role: 'user', content: '' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'redacted_thinking', data: 'x' }, { type: 'text', text: 'Hi' }] },
    ], true)).toEqual([{ role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }])
  })
})

describe('toPuterArgs', () => {
  const base: MessagesRequest = { model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: 'hi' }] }

  test('maps stop_sequences, tools, tool_choice and thinking; forwards the rest; never a client auth_token', () => {
    const args = toPuterArgs({
      ...base, temperature: 0.5, top_p: 0.9, top_k: 40, stop_sequences: ['END'], metadata: { user_id: 'u1' },
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }, { type: 'web_search_20250305', name: 'web_search' }],
      tool_choice: { type: 'tool', name: 'weather' }, thinking: { type: 'enabled', budget_tokens: 10_000 },
      auth_token: 'stolen', custom_extra: 1,
    } as MessagesRequest)
    expect(args).toEqual({
      model: 'claude-sonnet-4-5', max_tokens: 512, temperature: 0.5, top_p: 0.9, top_k: 40, metadata: { user_id: 'u1' }, custom_extra: 1,
      messages: [{ role: 'user', content: 'hi' }], stream: false, stop: ['END'],
      tools: [
        { type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      reasoning_effort: 'high',
    })
  })

  test('thinking budgets map to reasoning effort', () => {
    expect(toReasoningEffort({ type: 'enabled', budget_tokens: 1024 })).toBe('low')
    expect(toReasoningEffort({ type: 'enabled', budget_tokens: 8192 })).toBe('medium')
    expect(toReasoningEffort({ type: 'enabled', budget_tokens: 32_000 })).toBe('high')
    expect(toReasoningEffort({ type: 'disabled' })).toBeUndefined()
    expect(toPuterArgs({ ...base, tool_choice: { type: 'any' } }).tool_choice).toBe('required')
  })
})

describe('toAnthropicMessage', () => {
  const meta = { id: 'msg_1', model: 'claude-sonnet-4-5' }

  test('Claude result: thinking, text and tool_use blocks in order, stop_reason tool_use, cache usage split out', () => {
    const m = toAnthropicMessage(fixtureJson('claude-tool-result.json'), meta)
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'The user wants the weather.', signature: '' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01ABC', name: 'get_weather', input: { city: 'Paris' } },
    ])
    expect(m.stop_reason).toBe('tool_use')
    expect(m.usage).toEqual({ input_tokens: 410, output_tokens: 61, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 })
  })

  test('OpenAI-family result: string arguments become object input; max tokens stop', () => {
    const m = toAnthropicMessage(fixtureJson('openai-tool-result.json'), meta)
    expect(m.content[0]).toEqual({ type: 'tool_use', id: 'call_abc', name: 'get_weather', input: { city: 'Paris' } })
    expect(toAnthropicMessage(fixtureJson('claude-max-tokens-result.json'), meta).stop_reason).toBe('max_tokens')
    expect(toAnthropicMessage(fixtureJson('openrouter-result.json'), meta).usage).toMatchObject({ input_tokens: 16, output_tokens: 7, cache_read_input_tokens: 4 })
  })
})

describe('createEventTranslator', () => {
  const meta = { id: 'msg_s', model: 'm', inputTokensEstimate: 9 }
  const run = async (events: unknown[]) => (await collect(drive(createEventTranslator(meta), fromArray(events.map((e) => [e]))))).flat()

  test('message_start, a block per run with increasing indexes, one input_json_delta per tool call, message_delta, message_stop', async () => {
    const out = await run(fixtureEvents('openai-reasoning-tool-stream.ndjson'))
    expect(out.map((e) => `${e.type}${'index' in e ? `:${e.index}` : ''}`)).toEqual([
      'message_start',
      'content_block_start:0', 'content_block_delta:0', 'content_block_stop:0',
      'content_block_start:1', 'content_block_delta:1', 'content_block_delta:1', 'content_block_stop:1',
      'content_block_start:2', 'content_block_delta:2', 'content_block_stop:2',
      'content_block_start:3', 'content_block_delta:3', 'content_block_stop:3',
      'message_delta', 'message_stop',
    ])
    expect(out[1]).toMatchObject({ content_block: { type: 'thinking' } })
    expect(out[2]).toMatchObject({ delta: { type: 'thinking_delta', thinking: 'User wants weather; call tool.' } })
    expect(out[4]).toMatchObject({ content_block: { type: 'text' } })
    expect(out[8]).toMatchObject({ content_block: { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} } })
    expect(out[9]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } })
    expect(out.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 61, output_tokens: 23 } })
    expect(out[0]).toMatchObject({ message: { usage: { input_tokens: 9 } } })
  })

  test('a mid-stream error line and a stream cut short throw, never a silent end_turn', async () => {
    await expect(run(fixtureEvents('mid-stream-error.ndjson'))).rejects.toBeInstanceOf(ProxyError)
    await expect(run([{ type: 'text', text: 'partial' }])).rejects.toThrow(/before it was complete/)
  })
})

describe('estimateInputTokens', () => {
  test('texts never counted are estimated by length without waiting; once count_tokens counted them, the estimate is the count', async () => {
    const request = { messages: [{ role: 'user' as const, content: `Hello, Claude ${crypto.randomUUID()} and some more words to count` }] }
    const before = estimateInputTokens(request)
    expect(before).toBe(estimateByLength(request))
    const counted = await countInputTokens(request)
    expect(counted).not.toBe(before)
    expect(estimateInputTokens(request)).toBe(counted)
  })

  test('grows with text, counts images flat, and includes system and tools', async () => {
    await loadTokenizer()
    const one = await countInputTokens({ messages: [{ role: 'user', content: 'Hello, Claude' }] })
    expect(one).toBeGreaterThan(3)
    expect(one).toBeLessThan(15)
    const long = await countInputTokens({ messages: [{ role: 'user', content: 'word '.repeat(1000) }] })
    expect(long).toBeGreaterThan(900)
    expect(long).toBeLessThan(1_100)
    const withImage = estimateInputTokens({ messages: [{ role: 'user', content: [{ type: 'image', source: png }] }] })
    expect(withImage).toBeGreaterThanOrEqual(1_600)
    expect(estimateInputTokens({ system: 'You are a careful assistant.', messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'weather', input_schema: { type: 'object' } }] }))
      .toBeGreaterThan(estimateInputTokens({ messages: [{ role: 'user', content: 'hi' }] }) + 10)
  })
})
