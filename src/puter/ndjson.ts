/**
 * Reads Puter's NDJSON stream: one JSON value per line, no end marker.
 * TCP reads split and join lines anywhere, even inside a UTF-8 character, so
 * bytes are decoded in streaming mode and lines are buffered until `\n`.
 * The lines completed by one read are yielded together, as one batch: the
 * stages after this one then do one step, and the client one write, per read
 * rather than per line.
 */

export class NdjsonLineError extends Error {
  constructor(readonly line: string) {
    super(`Puter sent a line that is not JSON: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`)
    this.name = 'NdjsonLineError'
  }
}

/** A line longer than this is not Puter talking: fail rather than buffer without bound. */
export const MAX_LINE_CHARS = 32 * 1024 * 1024

export interface NdjsonOptions {
  maxLineChars?: number
  /** Called after every read, before its lines are parsed (the idle timer listens here). */
  onRead?: () => void
}

/** Yields the parsed lines of `body`, a batch per read; blank lines are skipped, the last line may lack its `\n`. */
export async function* readNdjson(body: AsyncIterable<Uint8Array>, options: NdjsonOptions = {}): AsyncGenerator<unknown[]> {
  const { maxLineChars = MAX_LINE_CHARS, onRead } = options
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  for await (const bytes of body) {
    onRead?.()
    pending += decoder.decode(bytes, { stream: true })
    let start = 0
    let newline = pending.indexOf('\n')
    if (newline === -1) {
      if (pending.length > maxLineChars) throw new NdjsonLineError(`${pending.slice(0, 60)} … (over ${maxLineChars} characters without a newline)`)
      continue
    }
    const batch: unknown[] = []
    while (newline !== -1) {
      const line = pending.slice(start, newline)
      if (line.trim() !== '') {
        try {
          batch.push(parseLine(line))
        } catch (err) {
          // The good lines before a bad one still reach the client.
          if (batch.length > 0) yield batch
          throw err
        }
      }
      start = newline + 1
      newline = pending.indexOf('\n', start)
    }
    pending = pending.slice(start)
    if (batch.length > 0) yield batch
  }
  pending += decoder.decode()
  if (pending.trim() !== '') yield [parseLine(pending)]
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    throw new NdjsonLineError(line)
  }
}
