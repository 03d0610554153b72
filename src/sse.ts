/**
 * The only place SSE is written. Frames objects as `data: <json>\n\n`, opens
 * with a comment so clients see the stream at once, keeps quiet streams alive
 * with comment heartbeats, and always ends: `data: [DONE]` after the last
 * chunk, or an error frame and then `data: [DONE]`.
 *
 * @example
 *   return new Response(toSseStream(chunks, { heartbeatMs: 15_000, toErrorFrame, onCancel }), { headers: SSE_HEADERS })
 */

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // nginx buffers proxied responses unless told otherwise.
  'x-accel-buffering': 'no',
} as const

export interface SseOptions {
  /** Interval of `: ping` comments while no data flows; 0 disables them. */
  heartbeatMs: number
  /** The object to send as the error frame when `source` throws. */
  toErrorFrame: (err: unknown) => unknown
  /** Called once when the client goes away before the end. */
  onCancel: () => void
  /** True when `source` failed because the request was aborted; then no error frame is sent. */
  isAborted: () => boolean
  /** Called once when the stream is over, however it ended. */
  onClose?: () => void
  /** Called once, when the first data frame goes out. */
  onFirstData?: () => void
  /** When this aborts (server shutdown), the stream ends at once with an error frame for its reason. */
  stop?: AbortSignal
}

const encoder = new TextEncoder()
const OPEN = encoder.encode(': ok\n\n')
const PING = encoder.encode(': ping\n\n')
const DONE = encoder.encode('data: [DONE]\n\n')

/** Frames `source` as an SSE byte stream. */
export function toSseStream(source: AsyncIterable<unknown>, options: SseOptions): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]()
  let lastWrite = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined
  let finished = false

  let sentData = false
  const close = () => {
    finished = true
    if (timer) clearInterval(timer)
    options.stop?.removeEventListener('abort', onStop)
    options.onClose?.()
  }
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, tail: Uint8Array[]) => {
    if (finished) return
    close()
    try {
      for (const bytes of tail) controller.enqueue(bytes)
      controller.close()
    } catch {
      // The client is already gone.
    }
  }

  let onStop = () => {}
  const errorFrame = (err: unknown) => encoder.encode(`data: ${JSON.stringify(options.toErrorFrame(err))}\n\n`)

  return new ReadableStream<Uint8Array>({
    start(controller) {
      onStop = () => {
        if (finished) return
        options.onCancel()
        finish(controller, [errorFrame(options.stop?.reason), DONE])
      }
      if (options.stop?.aborted) return onStop()
      options.stop?.addEventListener('abort', onStop, { once: true })
      controller.enqueue(OPEN)
      if (options.heartbeatMs > 0) {
        timer = setInterval(() => {
          if (finished || Date.now() - lastWrite < options.heartbeatMs) return
          lastWrite = Date.now()
          try {
            controller.enqueue(PING)
          } catch {
            clearInterval(timer)
          }
        }, Math.max(50, Math.floor(options.heartbeatMs / 2)))
      }
    },

    async pull(controller) {
      try {
        const { value, done } = await iterator.next()
        if (finished) return
        if (done) return finish(controller, [DONE])
        lastWrite = Date.now()
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`))
        if (!sentData) {
          sentData = true
          options.onFirstData?.()
        }
      } catch (err) {
        if (finished) return
        if (options.isAborted()) return finish(controller, [])
        finish(controller, [errorFrame(err), DONE])
      }
    },

    async cancel() {
      if (finished) return
      close()
      options.onCancel()
      await iterator.return?.(undefined)?.catch(() => {})
    },
  })
}
