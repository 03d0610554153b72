/**
 * Graceful shutdown: counts the requests in flight, and when the grace
 * period is over, aborts `signal` so open streams end with an error frame
 * and waiting requests answer 503.
 */
import { ProxyError } from './errors.ts'

export interface Lifecycle {
  /** Aborted, with a 503 ProxyError as reason, when in-flight work must end. */
  readonly signal: AbortSignal
  /** Counts one request in flight; call the result when it is over. */
  track(): () => void
  active(): number
  /** Waits for in-flight requests to end, at most `graceMs`, then ends the rest. */
  drain(graceMs: number): Promise<void>
}

export function createLifecycle(): Lifecycle {
  const controller = new AbortController()
  let inFlight = 0
  let idle: (() => void) | undefined

  return {
    signal: controller.signal,
    active: () => inFlight,
    track() {
      inFlight++
      let done = false
      return () => {
        if (done) return
        done = true
        inFlight--
        if (inFlight === 0) idle?.()
      }
    },
    async drain(graceMs) {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs)
          idle = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
      controller.abort(new ProxyError(503, 'api_error', 'server_shutting_down', 'The proxy is shutting down; retry the request.'))
    },
  }
}
