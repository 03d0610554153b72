/**
 * Reads Puter's NDJSON stream: one JSON value per line, no end marker.
 * TCP reads split and join lines anywhere, even inside a UTF-8 character, so
 * bytes are decoded in streaming mode and lines are buffered until `\n`.
 * The lines completed by one read come out together, as one batch: the
 * stages after this one then do one step, and the client gets one write, per
 * read rather than per line. The decoding itself is synchronous; the only
 * wait is the read, so a read costs one promise, not one per stage.
 */

export class NdjsonLineError extends Error {
  constructor(readonly line: string) {
    super(`Puter sent a line that is not JSON: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`)
    this.name = 'NdjsonLineError'
  }
}

/** A line longer than this is not Puter talking: fail rather than buffer without bound. */
export const MAX_LINE_CHARS = 32 * 1024 * 1024

/** Bytes in, parsed lines out; keeps the partial line (and partial character) between reads. */
export class NdjsonDecoder {
  private readonly decoder = new TextDecoder('utf-8')
  private pending = ''

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** Appends the lines `bytes` completes to `out`; on a bad line, throws after appending the good ones before it. */
  push(bytes: Uint8Array, out: unknown[]): void {
    const pending = this.pending + this.decoder.decode(bytes, { stream: true })
    let start = 0
    let newline = pending.indexOf('\n')
    while (newline !== -1) {
      const line = pending.slice(start, newline)
      start = newline + 1
      if (line.trim() !== '') {
        try {
          out.push(parseLine(line))
        } catch (err) {
          this.pending = pending.slice(start)
          throw err
        }
      }
      newline = pending.indexOf('\n', start)
    }
    this.pending = start === 0 ? pending : pending.slice(start)
    if (this.pending.length > this.maxLineChars) {
      throw new NdjsonLineError(`${this.pending.slice(0, 60)} … (over ${this.maxLineChars} characters without a newline)`)
    }
  }

  /** The body ended: appends the last line, which may lack its `\n`. */
  end(out: unknown[]): void {
    const last = this.pending + this.decoder.decode()
    this.pending = ''
    if (last.trim() !== '') out.push(parseLine(last))
  }
}

export interface NdjsonOptions {
  maxLineChars?: number
  /** Called after every read, before its lines are parsed (the idle timer listens here). */
  onRead?: () => void
}

/**
 * The parsed lines of `body`, a batch per read (reads that complete no line
 * are skipped); blank lines are skipped. A bad line fails the stream after
 * the batch of good lines before it. `return()` cancels the body.
 */
export function readNdjson(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, options: NdjsonOptions = {}): AsyncIterableIterator<unknown[]> {
  const decoder = new NdjsonDecoder(options.maxLineChars)
  const source = byteSource(body)
  let failure: unknown
  let over = false

  return {
    [Symbol.asyncIterator]() {
      return this
    },
    async next(): Promise<IteratorResult<unknown[]>> {
      while (!over) {
        if (failure !== undefined) {
          over = true
          throw failure
        }
        const read = await source.next()
        options.onRead?.()
        const batch: unknown[] = []
        try {
          if (read.done) {
            over = true
            decoder.end(batch)
          } else {
            decoder.push(read.value, batch)
          }
        } catch (err) {
          // The good lines before a bad one still reach the client; the failure comes on the next call.
          if (batch.length === 0) {
            over = true
            await source.cancel()
            throw err
          }
          failure = err
          void source.cancel()
        }
        if (batch.length > 0) return { done: false, value: batch }
      }
      return { done: true, value: undefined }
    },
    async return(): Promise<IteratorResult<unknown[]>> {
      over = true
      await source.cancel()
      return { done: true, value: undefined }
    },
  }
}

interface ByteSource {
  next(): Promise<IteratorResult<Uint8Array>>
  cancel(): Promise<void>
}

/** A fetch body is read through its reader directly: its async iterator would add a promise layer per read. */
function byteSource(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): ByteSource {
  if (body instanceof ReadableStream) {
    const reader = body.getReader()
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      cancel: () => reader.cancel().catch(() => {}),
    }
  }
  const iterator = body[Symbol.asyncIterator]()
  return {
    next: () => iterator.next(),
    cancel: async () => {
      await iterator.return?.()?.catch(() => {})
    },
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    throw new NdjsonLineError(line)
  }
}
