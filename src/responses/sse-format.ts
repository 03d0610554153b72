/**
 * The Responses API's SSE dialect: `event: <type>` then `data: <event>`, no
 * terminator after the last event (OpenAI sends none), `response.failed` for
 * a failure after the stream started. One format per stream: the failure
 * event is numbered after everything the stream sent.
 */
import { eventFrame, type SseFormat } from '../sse.ts'
import type { ResponsesStream } from './stream.ts'

export function createResponsesSse(stream: ResponsesStream): SseFormat {
  return {
    frame: (value) => eventFrame(String((value as { type?: unknown }).type), value),
    error: (err) => eventFrame('response.failed', stream.failedEvent(err)),
    done: '',
    ping: ': ping\n\n',
  }
}
