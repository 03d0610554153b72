import { describe, expect, test } from 'bun:test'
import { NdjsonLineError, readNdjson } from '../src/puter/ndjson.ts'
import { collect, fromArray } from './fixtures.ts'

/** All lines, batches flattened. */
const lines = async (it: AsyncIterable<unknown[]>) => (await collect(it)).flat()

const bytes = (s: string) => new TextEncoder().encode(s)

/** Splits `text`'s bytes at every given offset. */
function splitAt(text: string, offsets: number[]): Uint8Array[] {
  const all = bytes(text)
  const cuts = [0, ...offsets, all.length]
  return cuts.slice(1).map((end, i) => all.slice(cuts[i], end))
}

describe('readNdjson', () => {
  test('yields one object per line', async () => {
    const out = await lines(readNdjson(fromArray([bytes('{"a":1}\n{"b":2}\n')])))
    expect(out).toEqual([{ a: 1 }, { b: 2 }])
  })

  test('joins a line split across reads and splits lines joined in one read', async () => {
    const out = await lines(readNdjson(fromArray(splitAt('{"type":"text","text":"ab"}\n{"type":"usage"}\n', [5, 30, 31]))))
    expect(out).toEqual([{ type: 'text', text: 'ab' }, { type: 'usage' }])
  })

  test('keeps multi-byte characters intact when a read ends inside one', async () => {
    const text = '{"text":"héllo 🌍 日本"}\n'
    const encoded = bytes(text)
    // Every possible single split point, including inside the 4-byte emoji and 3-byte kanji.
    for (let cut = 1; cut < encoded.length; cut++) {
      const out = await lines(readNdjson(fromArray([encoded.slice(0, cut), encoded.slice(cut)])))
      expect(out).toEqual([{ text: 'héllo 🌍 日本' }])
    }
  })

  test('one byte per read still decodes', async () => {
    const encoded = bytes('{"t":"ç€😀"}\n{"u":1}')
    const out = await lines(readNdjson(fromArray([...encoded].map((b) => Uint8Array.of(b)))))
    expect(out).toEqual([{ t: 'ç€😀' }, { u: 1 }])
  })

  test('flushes a last line that has no newline', async () => {
    const out = await lines(readNdjson(fromArray([bytes('{"a":1}\n{"type":"usage"}')])))
    expect(out).toEqual([{ a: 1 }, { type: 'usage' }])
  })

  test('skips blank lines and tolerates CRLF', async () => {
    const out = await lines(readNdjson(fromArray([bytes('\n{"a":1}\r\n\n  \n{"b":2}\n')])))
    expect(out).toEqual([{ a: 1 }, { b: 2 }])
  })

  test('throws NdjsonLineError on a line that is not JSON, after the good lines', async () => {
    const seen: unknown[] = []
    const run = async () => {
      for await (const batch of readNdjson(fromArray([bytes('{"a":1}\n<html>oops</html>\n{"b":2}\n')]))) seen.push(...batch)
    }
    await expect(run()).rejects.toBeInstanceOf(NdjsonLineError)
    await run().catch(() => {})
    expect(seen[0]).toEqual({ a: 1 })
  })

  test('a line longer than the cap fails instead of buffering without bound', async () => {
    const chunks = Array.from({ length: 20 }, () => bytes('y'.repeat(100)))
    await expect(lines(readNdjson(fromArray(chunks), { maxLineChars: 1000 }))).rejects.toBeInstanceOf(NdjsonLineError)
    expect(await lines(readNdjson(fromArray([bytes(`"${'z'.repeat(900)}"\n`)]), { maxLineChars: 1000 }))).toHaveLength(1)
  })

  test('the lines completed by one read come as one batch', async () => {
    const batches = await collect(readNdjson(fromArray([bytes('{"a":1}\n{"b":2}\n{"c"'), bytes(':3}\n')])))
    expect(batches).toEqual([[{ a: 1 }, { b: 2 }], [{ c: 3 }]])
  })
})
