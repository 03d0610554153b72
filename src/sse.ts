/**
 * The only place SSE is written, and the one pump of every stream: it reads a
 * batch of Puter events, hands it to the surface's translator, frames what
 * comes out through the surface's format and sends it in one write (a
 * syscall per read from Puter, not per chunk). One promise per read: the
 * translator and the format are synchronous. The stream opens with a comment
 * so clients see it at once, quiet streams get the format's heartbeat, and it
 * always ends: with the format's `done` after the translator's last items, or
 * with an error frame (and `done`) when the source or the translator fails.
 *
 * @example
 *   return new Response(toSseStream(events, translator, { format: OPENAI_SSE, heartbeatMs: 15_000, ... }), { headers: SSE_HEADERS })
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
  /** Written first, as soon as Puter answered (default `: ok`, an SSE comment). */
  open?: string
  /** The response's content type (default SSE's). */
  contentType?: string
}

/** `data: <json>` */
export const dataFrame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`
/** `event: <name>` then `data: <json>` */
export const eventFrame = (event: string, value: unknown): string => `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`

/**
 * Turns batches of Puter events into a surface's stream items. Pure and
 * synchronous: what a call produced before it throws is already in `out`,
 * and goes out ahead of the error frame.
 */
export interface StreamTranslator<T = unknown> {
  /** The items that open the stream, sent before Puter's first event. */
  start(): T[]
  /** Appends what `events` become; throws a ProxyError on an error event. */
  push(events: unknown[], out: T[]): void
  /** The events are over: appends the closing items; throws when the stream was cut short. */
  end(out: T[]): void
}

/** A translator for items that are already made (a completion replayed as a stream). */
export function replayOf<T>(items: T[]): StreamTranslator<T> {
  return { start: () => items, push: () => {}, end: () => {} }
}

/** Where batches of Puter events come from: a sync iterator is fine too (a replay). */
export type EventSource = AsyncIterator<unknown[]> | Iterator<unknown[]>

/** A source that is over at once: for a `replayOf` translator, whose items are all made up front. */
export const NO_EVENTS: EventSource = { next: () => ({ done: true, value: undefined }) }

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
  /** Called once, when the first items made from Puter's events go out. */
  onFirstData?: () => void
  /** When this aborts (server shutdown), the stream ends at once with an error frame for its reason. */
  stop?: AbortSignal
}

const encoder = new TextEncoder()
const OPEN = ': ok\n\n'

/** Frames what `translator` makes of `source`'s batches as an SSE byte stream. */
export function toSseStream<T>(source: EventSource, translator: StreamTranslator<T>, options: SseOptions): ReadableStream<Uint8Array> {
  const { format } = options
  const ping = encoder.encode(format.ping)
  let lastWrite = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined
  let finished = false
  let sentData = false
  let onStop = () => {}

  const frames = (items: T[]) => {
    let text = ''
    for (const item of items) text += format.frame(item)
    return text
  }
  const close = () => {
    finished = true
    if (timer) clearInterval(timer)
    options.stop?.removeEventListener('abort', onStop)
    options.onClose?.()
  }
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, tail: string) => {
    if (finished) return
    close()
    try {
      if (tail !== '') controller.enqueue(encoder.encode(tail))
      controller.close()
    } catch {
      // The client is already gone.
    }
  }
  const errorTail = (err: unknown) => format.error(err) + format.done

  return new ReadableStream<Uint8Array>({
    start(controller) {
      onStop = () => {
        if (finished) return
        options.onCancel()
        finish(controller, errorTail(options.stop?.reason))
      }
      if (options.stop?.aborted) return onStop()
      options.stop?.addEventListener('abort', onStop, { once: true })
      let opening: string
      try {
        opening = (format.open ?? OPEN) + frames(translator.start())
      } catch (err) {
        return finish(controller, errorTail(err))
      }
      controller.enqueue(encoder.encode(opening))
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
      // Reads until a batch makes something to send, or the stream is over.
      while (!finished) {
        let read: IteratorResult<unknown[]>
        try {
          read = await source.next()
        } catch (err) {
          if (finished) return
          return finish(controller, options.isAborted() ? '' : errorTail(err))
        }
        if (finished) return
        const out: T[] = []
        let failure: unknown
        try {
          if (read.done) translator.end(out)
          else translator.push(read.value, out)
        } catch (err) {
          failure = err ?? new Error('translation failed')
        }
        const text = frames(out)
        if (failure !== undefined) {
          void Promise.resolve(source.return?.()).catch(() => {})
          return finish(controller, text + errorTail(failure))
        }
        if (read.done) return finish(controller, text + format.done)
        if (text === '') continue
        lastWrite = Date.now()
        controller.enqueue(encoder.encode(text))
        if (!sentData) {
          sentData = true
          options.onFirstData?.()
        }
        return
      }
    },

    async cancel() {
      if (finished) return
      close()
      options.onCancel()
      await Promise.resolve(source.return?.()).catch(() => {})
    },
  })
}
