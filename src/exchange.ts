/**
 * One chat exchange with Puter, shared by every client surface: wire the
 * client's disconnect and the server's shutdown into the upstream call, wait
 * for the token's slot, call Puter, and keep the request's record. A surface
 * then answers as JSON (and calls `done`) or hands the exchange to
 * `streamExchange`, which calls `done` when the stream ends.
 */
import { withModel, type ModelResolver } from './aliases.ts'
import type { Credentials } from './auth.ts'
import { fromStreamFailure, ProxyError } from './errors.ts'
import type { Lifecycle } from './lifecycle.ts'
import type { Limiter } from './limiter.ts'
import type { Observer, RequestRecord } from './observe.ts'
import type { CompleteOutcome, PuterClient } from './puter/client.ts'
import { collectEvents } from './puter/collect.ts'
import { SSE_HEADERS, toSseStream, type EventSource, type SseFormat, type StreamTranslator } from './sse.ts'

export interface ExchangeDeps {
  puter: PuterClient
  limiter: Limiter
  observer: Observer
  lifecycle: Lifecycle
}

export interface Exchange<T = CompleteOutcome> {
  outcome: T
  record: RequestRecord
  /** Aborting it cancels the upstream call. */
  upstream: AbortController
  /** Releases the slot and the in-flight count; idempotent. */
  done: () => void
}

export interface ExchangeRequest {
  request: Request
  token: string
  /** The limiter key for the token. */
  key: string
  args: Record<string, unknown>
  record: RequestRecord
}

export interface SurfaceDeps {
  observer: Observer
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
}

/**
 * What every model request does first, on every surface: its record, the
 * model Puter is asked for (an alias resolved), and the caller's credentials
 * (which throws a 401 when there are none). `headers` are where the key is
 * read from (Google's clients may send it in the query).
 */
export function beginRequest<T extends { model: string; stream?: boolean | null }>(deps: SurfaceDeps, request: Request, requested: T, headers = request.headers): { record: RequestRecord; body: T; credentials: Credentials } {
  const record = deps.observer.get(request) ?? deps.observer.begin(request, crypto.randomUUID())
  const body = withModel(requested, deps.resolveModel(requested.model, headers))
  record.model = body.model
  record.stream = body.stream === true
  return { record, body, credentials: deps.authenticate(headers) }
}

/** A client that left before Puter answered: nobody is there to read a reply. */
export const CLIENT_GONE = Symbol('client gone')

/** Opens a chat exchange; rejects with a ProxyError, or resolves CLIENT_GONE when the client left first. */
export function openExchange(deps: ExchangeDeps, { request, token, key, args, record }: ExchangeRequest): Promise<Exchange | typeof CLIENT_GONE> {
  return openCall(deps, { request, key, record }, (signal) => deps.puter.complete(args, { token, signal }))
}

/**
 * Any call to Puter within the token's slot, with the client's disconnect and
 * the server's shutdown wired into `invoke`'s signal: the chat exchange, and
 * the media drivers (image, speech, transcription).
 */
export async function openCall<T>(deps: ExchangeDeps, { request, key, record }: Omit<ExchangeRequest, 'args' | 'token'>, invoke: (signal: AbortSignal) => Promise<T>): Promise<Exchange<T> | typeof CLIENT_GONE> {
  const { limiter, lifecycle } = deps
  const upstream = new AbortController()
  request.signal.addEventListener('abort', () => upstream.abort(), { once: true })
  const onShutdown = () => upstream.abort(lifecycle.signal.reason)
  lifecycle.signal.addEventListener('abort', onShutdown, { once: true })
  const untrack = lifecycle.track()
  let release: (() => void) | undefined
  const done = () => {
    release?.()
    untrack()
    // The shutdown signal lives as long as the process: a listener left on it would keep this exchange alive.
    lifecycle.signal.removeEventListener('abort', onShutdown)
  }

  try {
    release = await limiter.acquire(key, upstream.signal)
    const started = performance.now()
    try {
      const outcome = await invoke(upstream.signal)
      record.upstreamStatus = 200
      return { outcome, record, upstream, done }
    } catch (err) {
      if (err instanceof ProxyError) {
        record.upstreamStatus = err.upstreamStatus
        record.upstreamCode = err.upstreamCode
      }
      throw err
    } finally {
      record.upstreamMs = performance.now() - started
    }
  } catch (err) {
    done()
    if (upstream.signal.reason instanceof ProxyError) throw upstream.signal.reason // shutting down
    if (request.signal.aborted) return CLIENT_GONE
    throw err
  }
}

/**
 * Answers an open chat exchange as one JSON body: Puter's whole result (read
 * to its end when Puter streamed) made into the surface's answer; the slot is
 * released however that ends.
 */
export async function answerWhole<T>(exchange: Exchange, toAnswer: (result: unknown) => T | Promise<T>): Promise<T> {
  try {
    const { outcome } = exchange
    return await toAnswer(outcome.kind === 'json' ? outcome.result : await collectEvents(outcome.events))
  } finally {
    exchange.done()
  }
}

/**
 * Answers an open exchange as SSE: what `translator` makes of `events`, framed
 * by `format`; the record is logged when the stream ends, and `onEnd` is
 * called then (the Responses surface stores the response it made).
 */
export function streamExchange<T>(
  deps: ExchangeDeps, exchange: Exchange<unknown>, events: EventSource, translator: StreamTranslator<T>, format: SseFormat, heartbeatMs: number,
  onEnd?: () => void,
): Response {
  const { observer, lifecycle } = deps
  const { record, upstream } = exchange
  record.open = true
  observer.activeStreams.inc()
  const stream = toSseStream(events, translator, {
    format: {
      ...format,
      error: (err) => {
        record.errorCode = fromStreamFailure(err).code ?? undefined
        return format.error(err)
      },
    },
    heartbeatMs,
    onCancel: () => upstream.abort(),
    isAborted: () => upstream.signal.aborted,
    stop: lifecycle.signal,
    onFirstData: () => {
      record.firstTokenMs = performance.now() - record.start
    },
    onClose: () => {
      onEnd?.()
      exchange.done()
      observer.activeStreams.dec()
      record.open = false
      record.status = 200
      observer.finish(record)
    },
  })
  return new Response(stream, { headers: format.contentType ? { ...SSE_HEADERS, 'content-type': format.contentType } : SSE_HEADERS })
}
