import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../src/errors.ts'
import { toChatCompletion, toFinishReason, toPuterArgs, toUsage } from '../src/openai/chat.ts'
import type { ChatCompletionRequest } from '../src/openai/schema.ts'
import { fixtureJson } from './fixtures.ts'

const meta = { id: 'chatcmpl-1', created: 1_700_000_000, model: 'requested-model' }
const base: ChatCompletionRequest = { model: 'gpt-5-nano', messages: [{ role: 'user', content: 'hi' }] }

describe('toPuterArgs', () => {
  test('forwards the known sampling and tool fields, and unknown provider extras', () => {
    const args = toPuterArgs({
      ...base,
      temperature: 0.2, top_p: 0.9, max_tokens: 100, stop: ['END'], seed: 7, reasoning_effort: 'high',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'required', response_format: { type: 'json_object' }, frequency_penalty: 0.5, presence_penalty: -0.5,
      parallel_tool_calls: false, provider: 'openrouter', verbosity: 'low', custom_extra: { a: 1 },
    } as ChatCompletionRequest, 'raw')
    expect(args).toEqual({
      model: 'gpt-5-nano', messages: [{ role: 'user', content: 'hi' }], stream: false,
      temperature: 0.2, top_p: 0.9, max_tokens: 100, stop: ['END'], seed: 7, reasoning_effort: 'high',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'required', response_format: { type: 'json_object' }, frequency_penalty: 0.5, presence_penalty: -0.5,
      parallel_tool_calls: false, provider: 'openrouter', verbosity: 'low', custom_extra: { a: 1 },
    })
  })

  test('maps max_completion_tokens to max_tokens, and max_tokens wins when both are given', () => {
    expect(toPuterArgs({ ...base, max_completion_tokens: 64 }, 'raw').max_tokens).toBe(64)
    expect(toPuterArgs({ ...base, max_completion_tokens: 64, max_tokens: 10 }, 'raw').max_tokens).toBe(10)
    expect('max_completion_tokens' in toPuterArgs({ ...base, max_completion_tokens: 64 }, 'raw')).toBe(false)
  })

  test('never forwards a client auth_token (it would win over the header at Puter), stream_options or n', () => {
    const args = toPuterArgs({ ...base, auth_token: 'stolen', stream: true, stream_options: { include_usage: true }, n: 1 } as ChatCompletionRequest, 'raw')
    expect(args).toEqual({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'hi' }], stream: true })
  })

  test('drops null fields, which mean "default" in OpenAI\'s API', () => {
    const args = toPuterArgs({ ...base, temperature: null, max_tokens: null, stop: null, seed: null }, 'raw')
    expect(Object.keys(args).sort()).toEqual(['messages', 'model', 'stream'])
  })

  test('rejects n > 1 with a 400 naming the parameter', () => {
    try {
      toPuterArgs({ ...base, n: 3 }, 'raw')
      throw new Error('expected a ProxyError')
    } catch (err) {
      expect(err).toBeInstanceOf(ProxyError)
      expect((err as ProxyError).toBody().error).toMatchObject({ param: 'n', type: 'invalid_request_error' })
      expect((err as ProxyError).status).toBe(400)
    }
  })

  test('rejects a function tool without a function name', () => {
    expect(() => toPuterArgs({ ...base, tools: [{ type: 'function' }] }, 'raw')).toThrow(/function.name/)
  })

  test('passes non-function Puter tools such as web_search through', () => {
    expect(toPuterArgs({ ...base, tools: [{ type: 'web_search' }] }, 'raw').tools).toEqual([{ type: 'web_search' }])
  })
})

describe('toChatCompletion', () => {
  test('OpenAI-family result with two tool calls', () => {
    const c = toChatCompletion(fixtureJson('openai-tool-result.json'), meta)
    expect(c).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion', created: 1_700_000_000, model: 'requested-model' })
    expect(c.choices[0]).toEqual({
      index: 0, logprobs: null, finish_reason: 'tool_calls',
      message: {
        role: 'assistant', content: null, refusal: null,
        tool_calls: [
          { id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_def', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
        ],
      },
    })
    // prompt_tokens excludes cached tokens at Puter; OpenAI's includes them.
    expect(c.usage).toMatchObject({ prompt_tokens: 60, completion_tokens: 17, total_tokens: 77, prompt_tokens_details: { cached_tokens: 8 } })
  })

  test('Claude raw message: text joined, thinking as reasoning, tool_use as tool_calls even though Puter says stop', () => {
    const c = toChatCompletion(fixtureJson('claude-tool-result.json'), meta)
    expect(c.choices[0]!.finish_reason).toBe('tool_calls')
    expect(c.choices[0]!.message).toEqual({
      role: 'assistant', content: 'Let me check.', refusal: null, reasoning_content: 'The user wants the weather.',
      tool_calls: [{ id: 'toolu_01ABC', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    })
    expect(c.usage).toEqual({
      prompt_tokens: 530, completion_tokens: 61, total_tokens: 591,
      prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 12 }, cost: 0.002145,
    })
  })

  test('Claude max_tokens stop becomes finish_reason length', () => {
    const c = toChatCompletion(fixtureJson('claude-max-tokens-result.json'), meta)
    expect(c.choices[0]!.finish_reason).toBe('length')
    expect(c.choices[0]!.message.content).toBe('The answer is cut')
  })

  test('Responses-style result: string content, reasoning and tool calls', () => {
    const c = toChatCompletion(fixtureJson('responses-result.json'), meta)
    expect(c.choices[0]!.message).toEqual({
      role: 'assistant', content: 'Searching now.', refusal: null, reasoning_content: 'I should call the search tool.',
      tool_calls: [{ id: 'call_r1', type: 'function', function: { name: 'search', arguments: '{"q":"bun"}' } }],
    })
    expect(c.choices[0]!.finish_reason).toBe('tool_calls')
  })

  test('OpenRouter usage family and a length stop', () => {
    const c = toChatCompletion(fixtureJson('openrouter-result.json'), meta)
    expect(c.choices[0]!.finish_reason).toBe('length')
    expect(c.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 7, total_tokens: 27, prompt_tokens_details: { cached_tokens: 4 }, cost: 0.0005 })
  })

  test('tool call arguments that Puter holds as an object are serialised to a JSON string', () => {
    const c = toChatCompletion({ message: { content: '', tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: { a: 1 } } }] } }, meta)
    expect(c.choices[0]!.message.tool_calls![0]!.function.arguments).toBe('{"a":1}')
  })

  test('a bare string result and an empty result still give a valid completion', () => {
    expect(toChatCompletion('plain', meta).choices[0]!.message.content).toBe('plain')
    const empty = toChatCompletion(undefined, meta)
    expect(empty.choices[0]!.message.content).toBe('')
    expect(empty.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })
  })
})

describe('toFinishReason', () => {
  const table: [boolean, unknown[], string][] = [
    [true, ['stop'], 'tool_calls'],
    [false, ['end_turn', 'stop'], 'stop'],
    [false, ['max_tokens', 'stop'], 'length'],
    [false, [null, 'length'], 'length'],
    [false, ['refusal'], 'content_filter'],
    [false, [undefined, 'content_filter'], 'content_filter'],
    [false, [undefined, undefined], 'stop'],
  ]
  for (const [tools, reasons, expected] of table) {
    test(`${tools ? 'with' : 'without'} tool calls, ${JSON.stringify(reasons)} → ${expected}`, () => {
      expect(toFinishReason(tools, ...reasons)).toBe(expected as any)
    })
  }
})

describe('toUsage', () => {
  test('the fake model\'s usage with only usd_cents: null gives zeros and no cost', () => {
    expect(toUsage({ usd_cents: null })).toEqual({
      prompt_tokens: 0, completion_tokens: 0, total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    })
  })
})
