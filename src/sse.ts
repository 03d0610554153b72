/**
 * The only place SSE is written. Frames each batch of objects from a source
 * through a surface's format and sends the batch in one write (a syscall per
 * read from Puter, not per chunk), opens with a comment so clients see the stream at once,
 * keeps quiet streams alive with the format's heartbeat, and always ends:
 * with the format's `done` after the last object, or with an error frame
 * (and `done`) when the source fails.
 *
 * @example
 *   return new Response(toSseStream(chunks, { format: OPENAI_SSE, heartbeatMs: 15_000, ... }), { headers: SSE_HEADERS })
 */

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // nginx buffers proxied responses unless told otherwise.
  'x-accel-buffering': 'no',
} as const

/** How one wire surface writes its frames. */
export interface SseFormat {
  frame(value: unknown): string
  error(err: unknown): string
  /** Written after the last frame, and after an error frame ('' for none). */
  done: string
  /** Written on quiet streams every heartbeat interval. */
  ping: string
}

/** `data: <json>` */
export const dataFrame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`
/** `event: <name>` then `data: <json>` */
export const eventFrame = (event: string, value: unknown): string => `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`

export interface SseOptions {
  format: SseFormat
  /** Interval of heartbeats while no data flows; 0 disables them. */
  heartbeatMs: number
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

/** Frames `source`, a stream of batches, as an SSE byte stream. */
export function toSseStream(source: AsyncIterable<unknown[]>, options: SseOptions): ReadableStream<Uint8Array> {
  const { format } = options
  const iterator = source[Symbol.asyncIterator]()
  const ping = encoder.encode(format.ping)
  const done = encoder.encode(format.done)
  let lastWrite = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined
  let finished = false
  let sentData = false
  let onStop = () => {}

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
      for (const bytes of tail) if (bytes.length > 0) controller.enqueue(bytes)
      controller.close()
    } catch {
      // The client is already gone.
    }
  }
  const errorTail = (err: unknown) => [encoder.encode(format.error(err)), done]

  return new ReadableStream<Uint8Array>({
    start(controller) {
      onStop = () => {
        if (finished) return
        options.onCancel()
        finish(controller, errorTail(options.stop?.reason))
      }
      if (options.stop?.aborted) return onStop()
      options.stop?.addEventListener('abort', onStop, { once: true })
      controller.enqueue(OPEN)
      if (options.heartbeatMs > 0) {
        timer = setInterval(() => {
          if (finished || Date.now() - lastWrite < options.heartbeatMs) return
          lastWrite = Date.now()
          try {
            controller.enqueue(ping)
          } catch {
            clearInterval(timer)
          }
        }, Math.max(50, Math.floor(options.heartbeatMs / 2)))
      }
    },

    async pull(controller) {
      try {
        let next = await iterator.next()
        while (!next.done && next.value.length === 0 && !finished) next = await iterator.next()
        if (finished) return
        if (next.done) return finish(controller, [done])
        const value = next.value
        lastWrite = Date.now()
        let text = ''
        for (const item of value) text += format.frame(item)
        controller.enqueue(encoder.encode(text))
        if (!sentData) {
          sentData = true
          options.onFirstData?.()
        }
      } catch (err) {
        if (finished) return
        if (options.isAborted()) return finish(controller, [])
        finish(controller, errorTail(err))
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
