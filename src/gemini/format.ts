/**
 * Google's two stream dialects: with `?alt=sse`, `data: <chunk>` frames and
 * no terminator; without it, one JSON array written as it grows (`[`, chunks
 * separated by commas, `]`), as Google's API does. A failure is Google's
 * error object in place of the next chunk, which the SDK raises.
 */
import { fromStreamFailure } from '../errors.ts'
import { dataFrame, type SseFormat } from '../sse.ts'
import { toGoogleErrorBody } from './errors.ts'

export const GEMINI_SSE: SseFormat = {
  frame: dataFrame,
  error: (err) => dataFrame(toGoogleErrorBody(fromStreamFailure(err))),
  done: '',
  // Google's SDKs (the one Gemini CLI bundles above all) read only `data:` lines, and a comment would
  // stay in their buffer as an "incomplete JSON segment": the stream opens, and keeps alive, with whitespace.
  open: '\n',
  ping: '\n',
}

/** The JSON-array dialect; one per stream (it remembers whether a chunk was written). */
export function createGeminiJsonArray(): SseFormat {
  let first = true
  const item = (value: unknown) => {
    const text = `${first ? '' : ',\r\n'}${JSON.stringify(value)}`
    first = false
    return text
  }
  return {
    open: '[',
    frame: item,
    error: (err) => item(toGoogleErrorBody(fromStreamFailure(err))),
    done: ']',
    // Whitespace is the only thing a JSON array may carry while it waits.
    ping: '\n',
    contentType: 'application/json; charset=utf-8',
  }
}
