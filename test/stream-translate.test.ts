import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../src/errors.ts'
import type { ChatCompletionChunk } from '../src/openai/schema.ts'
import { createChunkTranslator } from '../src/openai/stream.ts'
import { collect, drive, fixtureEvents, fromArray } from './fixtures.ts'

const meta = { id: 'chatcmpl-s', created: 1_700_000_001, model: 'm', includeUsage: false }
/** Feeds each event as its own batch, and flattens the chunk batches. */
const run = async (events: unknown[], includeUsage = false) =>
  (await collect(drive(createChunkTranslator({ ...meta, includeUsage }), fromArray(events.map((e) => [e]))))).flat()
const deltas = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta)

describe('createChunkTranslator', () => {
  test('role first, then reasoning, text and each whole tool call with its index, then finish_reason tool_calls', async () => {
    const chunks = await run(fixtureEvents('openai-reasoning-tool-stream.ndjson'))
    expect(deltas(chunks)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'User wants weather; call tool.' },
      { content: 'Checking' },
      { content: ' now.' },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } }] },
      {},
    ])
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls')
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null)).toBe(true)
  })

  test('every chunk carries the same id, created and model', async () => {
    const chunks = await run(fixtureEvents('openai-reasoning-tool-stream.ndjson'), true)
    for (const c of chunks) expect(c).toMatchObject({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1_700_000_001, model: 'm' })
  })

  test('without include_usage there is no empty-choices chunk; with it, exactly one, last', async () => {
    const events = [{ type: 'text', text: 'hi' }, { type: 'usage', usage: { input_tokens: 3, output_tokens: 1 } }]
    const without = await run(events)
    expect(without.every((c) => c.choices.length === 1)).toBe(true)
    expect(without.at(-1)!.choices[0]!.finish_reason).toBe('stop')

    const withUsage = await run(events, true)
    expect(withUsage.filter((c) => c.choices.length === 0)).toHaveLength(1)
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })
  })

  test('usage from each key family', async () => {
    const families: [unknown, number, number][] = [
      [{ prompt_tokens: 10, completion_tokens: 2, cached_tokens: 5 }, 15, 2],
      [{ input_tokens: 7, output_tokens: 3, cache_read_input_tokens: 1 }, 8, 3],
      [{ prompt: 4, completion: 9 }, 4, 9],
    ]
    for (const [usage, prompt, completion] of families) {
      const last = (await run([{ type: 'usage', usage }], true)).at(-1)!
      expect(last.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion })
    }
  })

  test('an error line after some text: the text is delivered, then a ProxyError is thrown', async () => {
    const seen: ChatCompletionChunk[] = []
    let caught: unknown
    try {
      for await (const batch of drive(createChunkTranslator(meta), fromArray(fixtureEvents('mid-stream-error.ndjson').map((e) => [e])))) seen.push(...batch)
    } catch (err) {
      caught = err
    }
    expect(deltas(seen)).toEqual([{ role: 'assistant', content: '' }, { content: 'Half an ans' }])
    expect(caught).toBeInstanceOf(ProxyError)
    expect((caught as ProxyError).message).toContain('upstream connection reset by provider')
  })

  test('a stream whose only line is an error (how every Claude stream failure arrives) throws', async () => {
    await expect(run(fixtureEvents('claude-error-only.ndjson'))).rejects.toThrow(/rate limit/)
  })

  test('a stream that ends without its usage line is reported as cut short, never as stop', async () => {
    await expect(run([{ type: 'text', text: 'partial' }])).rejects.toThrow(/before it was complete/)
  })

  test('unknown event types are ignored on purpose; a line that is not an event object is a failure', async () => {
    const chunks = await run([{ type: 'compaction', id: 'c' }, { type: 'something_new', x: 1 }, { type: 'text', text: 'ok' }, { type: 'usage' }])
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, { content: 'ok' }, {}])
    await expect(run([42, { type: 'usage' }])).rejects.toThrow(/not an event/)
  })

  test('empty text deltas are not sent', async () => {
    const chunks = await run([{ type: 'text', text: '' }, { type: 'usage' }])
    expect(chunks).toHaveLength(2)
  })

  test('a batch of events becomes one batch of chunks; a failing batch still delivers what came before the error', async () => {
    const events = fixtureEvents('openai-reasoning-tool-stream.ndjson')
    const batches = await collect(drive(createChunkTranslator(meta), fromArray([events])))
    expect(batches.map((b) => b.length)).toEqual([1, 5, 1])
    const seen: ChatCompletionChunk[][] = []
    const failing = (async () => {
      for await (const batch of drive(createChunkTranslator(meta), fromArray([[{ type: 'text', text: 'a' }, { type: 'error', message: 'x' }]]))) seen.push(batch)
    })()
    await expect(failing).rejects.toBeInstanceOf(ProxyError)
    expect(seen.flat().map((c) => c.choices[0]?.delta.content)).toEqual(['', 'a'])
  })
})
