/** Loads wire fixtures from test/fixtures/puter. */
import type { StreamTranslator } from '../src/sse.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = join(import.meta.dir, 'fixtures', 'puter')

export const fixtureJson = (name: string): any => JSON.parse(readFileSync(join(dir, name), 'utf8'))
export const fixtureText = (name: string): string => readFileSync(join(dir, name), 'utf8')
/** A fixture's NDJSON lines as parsed objects. */
export const fixtureEvents = (name: string): unknown[] =>
  fixtureText(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))

export async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

/** Drives a stream translator over batches as the SSE pump does, yielding each non-empty batch of output (a failure after the partial batch). */
export async function* drive<T>(translator: StreamTranslator<T>, batches: AsyncIterable<unknown[]>): AsyncGenerator<T[]> {
  yield translator.start()
  for await (const batch of batches) {
    const out: T[] = []
    try {
      translator.push(batch, out)
    } finally {
      if (out.length > 0) yield out
    }
  }
  const out: T[] = []
  translator.end(out)
  yield out
}
