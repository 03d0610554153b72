/** Anthropic's SSE dialect: `event: <type>` frames, `ping` events as keep-alive, `event: error` on failure, no terminator. */
import { fromStreamFailure } from '../errors.ts'
import { eventFrame, type SseFormat } from '../sse.ts'
import { toAnthropicErrorBody } from './errors.ts'

export const ANTHROPIC_SSE: SseFormat = {
  frame: (value) => eventFrame(String((value as { type?: unknown }).type), value),
  error: (err) => eventFrame('error', toAnthropicErrorBody(fromStreamFailure(err))),
  done: '',
  ping: eventFrame('ping', { type: 'ping' }),
}
