/**
 * Reads Puter's NDJSON stream: one JSON value per line, no end marker.
 * TCP reads split and join lines anywhere, even inside a UTF-8 character, so
 * bytes are decoded in streaming mode and lines are buffered until `\n`.
 */

export class NdjsonLineError extends Error {
  constructor(readonly line: string) {
    super(`Puter sent a line that is not JSON: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`)
    this.name = 'NdjsonLineError'
  }
}

/** A line longer than this is not Puter talking: fail rather than buffer without bound. */
export const MAX_LINE_CHARS = 32 * 1024 * 1024

/** Yields each parsed line of `body`; blank lines are skipped, the last line may lack its `\n`. */
export async function* readNdjson(body: AsyncIterable<Uint8Array>, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<unknown> {
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true })
    let start = 0
    let newline = pending.indexOf('\n', start)
    while (newline !== -1) {
      const line = pending.slice(start, newline)
      if (line.trim() !== '') yield parseLine(line)
      start = newline + 1
      newline = pending.indexOf('\n', start)
    }
    pending = start === 0 ? pending : pending.slice(start)
    if (pending.length > maxLineChars) throw new NdjsonLineError(`${pending.slice(0, 60)} … (over ${maxLineChars} characters without a newline)`)
  }
  pending += decoder.decode()
  if (pending.trim() !== '') yield parseLine(pending)
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    throw new NdjsonLineError(line)
  }
}
