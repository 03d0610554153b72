/**
 * Reading one line of Puter's chat stream (§7), as every surface's translator
 * does first: a line that is not an event, or an `error` event, fails the
 * stream the same way whichever wire the client speaks.
 */
import { ProxyError } from '../errors.ts'

export type PuterEvent = Record<string, unknown> & { type: string }

/** `event` as an event; throws when the line has no string `type`. */
export function asEvent(event: unknown): PuterEvent {
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new ProxyError(502, 'api_error', 'upstream_stream_error', `Puter sent a stream line that is not an event: ${JSON.stringify(event).slice(0, 120)}`)
  }
  return event as PuterEvent
}

/** The failure an `error` event reports, with `code` when the surface passes one on. */
export function midStreamError(e: PuterEvent, code = 'upstream_error'): ProxyError {
  return new ProxyError(502, 'api_error', code, `Puter reported an error mid-stream: ${typeof e.message === 'string' ? e.message : 'unknown error'}`)
}
