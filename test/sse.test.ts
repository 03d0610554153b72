import { describe, expect, test } from 'bun:test'
import { createOpenAiSse } from '../src/openai/sse-format.ts'
import type { ChatCompletionChunk } from '../src/openai/schema.ts'
import { dataFrame, toSseStream } from '../src/sse.ts'
import { fromArray } from './fixtures.ts'

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null, id = 'chatcmpl-1'): ChatCompletionChunk =>
  ({ id, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-5-nano', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })

describe('the OpenAI chunk serializer', () => {
  test('writes exactly what JSON.stringify writes, for every kind of chunk', () => {
    const format = createOpenAiSse()
    const chunks: ChatCompletionChunk[] = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'héllo "quoted" \\ \n 😀 </script>' }),
      chunk({ reasoning_content: 'thinking…' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }),
      chunk({}, 'tool_calls'),
      chunk({ content: 'other stream' }, null, 'chatcmpl-2"weird'),
      { ...chunk({}), choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
    ]
    for (const c of chunks) expect(format.frame(c)).toBe(dataFrame(c))
  })
})

describe('toSseStream', () => {
  const options = { format: createOpenAiSse(), heartbeatMs: 0, onCancel: () => {}, isAborted: () => false }

  test('a batch goes out in one write; the stream opens with a comment and ends with [DONE]', async () => {
    const stream = toSseStream(fromArray([[chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({ content: 'c' })], [chunk({}, 'stop')]]), options)
    const writes: string[] = []
    for await (const bytes of stream) writes.push(new TextDecoder().decode(bytes))
    expect(writes[0]).toBe(': ok\n\n')
    expect(writes[1]!.match(/^data: /gm)).toHaveLength(3)
    expect(writes.at(-1)).toBe('data: [DONE]\n\n')
  })

  test('empty batches are skipped, not written', async () => {
    const stream = toSseStream(fromArray([[], [chunk({ content: 'a' })], []]), options)
    const writes: string[] = []
    for await (const bytes of stream) writes.push(new TextDecoder().decode(bytes))
    expect(writes.every((w) => w.length > 0)).toBe(true)
    expect(writes.join('')).toContain('"content":"a"')
  })
})
