import { describe, expect, test } from 'bun:test'
import { createOpenAiSse } from '../src/openai/sse-format.ts'
import type { ChatCompletionChunk } from '../src/openai/schema.ts'
import { dataFrame, toSseStream, type StreamTranslator } from '../src/sse.ts'
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

/** Passes each batch through as it is. */
const identity: StreamTranslator<unknown> = { start: () => [], push: (events, out) => void out.push(...events), end: () => {} }
const readAll = async (stream: ReadableStream<Uint8Array>) => {
  const writes: string[] = []
  for await (const bytes of stream) writes.push(new TextDecoder().decode(bytes))
  return writes
}

describe('toSseStream', () => {
  const options = { format: createOpenAiSse(), heartbeatMs: 0, onCancel: () => {}, isAborted: () => false }

  test('a batch goes out in one write; the stream opens with a comment and ends with [DONE]', async () => {
    const stream = toSseStream(fromArray([[chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({ content: 'c' })], [chunk({}, 'stop')]]), identity, options)
    const writes: string[] = []
    for await (const bytes of stream) writes.push(new TextDecoder().decode(bytes))
    expect(writes[0]).toBe(': ok\n\n')
    expect(writes[1]!.match(/^data: /gm)).toHaveLength(3)
    expect(writes.at(-1)).toBe('data: [DONE]\n\n')
  })

  test('empty batches are skipped, not written', async () => {
    const stream = toSseStream(fromArray([[], [chunk({ content: 'a' })], []]), identity, options)
    const writes: string[] = []
    for await (const bytes of stream) writes.push(new TextDecoder().decode(bytes))
    expect(writes.every((w) => w.length > 0)).toBe(true)
    expect(writes.join('')).toContain('"content":"a"')
  })

  test("the translator's opening items leave with the opening comment, in the first write", async () => {
    const opening: StreamTranslator<unknown> = { ...identity, start: () => [chunk({ role: 'assistant', content: '' })] }
    const writes = await readAll(toSseStream(fromArray([[chunk({ content: 'a' })]]), opening, options))
    expect(writes[0]).toBe(`: ok\n\n${dataFrame(chunk({ role: 'assistant', content: '' }))}`)
    expect(writes.slice(1)).toEqual([dataFrame(chunk({ content: 'a' })), 'data: [DONE]\n\n'])
  })

  test('a translator failure mid-batch: the items before it, the error frame and [DONE] leave together, and the source is closed', async () => {
    let closed = false
    async function* source() {
      try {
        yield [chunk({ content: 'a' }), 'boom', chunk({ content: 'never' })]
        yield [chunk({ content: 'never either' })]
      } finally {
        closed = true
      }
    }
    const failing: StreamTranslator<unknown> = {
      ...identity,
      push(events, out) {
        for (const e of events) {
          if (e === 'boom') throw new Error('bad event')
          out.push(e)
        }
      },
    }
    const writes = await readAll(toSseStream(source(), failing, options))
    expect(writes).toHaveLength(2)
    expect(writes[1]).toStartWith(dataFrame(chunk({ content: 'a' })))
    expect(writes[1]).toContain('"error":{')
    expect(writes[1]).toEndWith('data: [DONE]\n\n')
    expect(writes.join('')).not.toContain('never')
    await Bun.sleep(0)
    expect(closed).toBe(true)
  })

  test("the translator's closing items and [DONE] leave in one write", async () => {
    const closing: StreamTranslator<unknown> = { ...identity, end: (out) => void out.push(chunk({}, 'stop')) }
    const writes = await readAll(toSseStream(fromArray([[chunk({ content: 'a' })]]), closing, options))
    expect(writes.at(-1)).toBe(`${dataFrame(chunk({}, 'stop'))}data: [DONE]\n\n`)
  })
})
