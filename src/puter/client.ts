/**
 * The only code that talks HTTP to Puter. It returns either a stream of NDJSON
 * events or a parsed JSON result, turns every non-2xx answer into a
 * ProxyError before anything reaches the client, and owns the upstream
 * timeouts and the retries of Puter's 429s.
 */
import { describeNetworkError, fromPuterFailure, fromUnreachable, ProxyError } from '../errors.ts'
import { readNdjson } from './ndjson.ts'
import { HIDDEN_MODEL_IDS, type DriverCall, type PuterEnvelope, type PuterModelDetails } from './wire.ts'

export type CompleteOutcome =
  /** `events` yields the NDJSON lines of each read as one batch. */
  | { kind: 'stream'; events: AsyncIterableIterator<unknown[]> }
  | { kind: 'json'; result: unknown; metadata: PuterEnvelope['metadata'] }

export interface CallOptions {
  /** The Puter token; sent only as a bearer header to Puter. */
  token: string
  signal?: AbortSignal
}

export interface PuterClient {
  readonly origin: string
  /** POSTs a chat `complete` call to `/drivers/call`. */
  complete(args: Record<string, unknown>, options: CallOptions): Promise<CompleteOutcome>
  /**
   * POSTs any driver call (image, TTS, speech-to-text) and returns Puter's
   * successful response unread (a JSON envelope, or raw audio); a non-2xx
   * answer is a ProxyError, as for chat.
   */
  call(call: { interface: string; driver: string; method: string; args: Record<string, unknown> }, options: CallOptions): Promise<Response>
  /** GETs the public model catalogue, `/puterai/chat/models/details`, without hidden ids. */
  listModels(options?: { signal?: AbortSignal }): Promise<PuterModelDetails[]>
  /** GETs the public image model catalogue, `/puterai/image/models/details` (§9), without hidden ids. */
  listImageModels(options?: { signal?: AbortSignal }): Promise<PuterModelDetails[]>
  /** GETs the short public model list: a cheap "is Puter up" that spends no credit. */
  ping(options?: { signal?: AbortSignal }): Promise<void>
}

export interface ClientOptions {
  /** Stream calls: the longest wait for Puter's response headers. */
  headersTimeoutMs: number
  /** Non-stream calls: the longest wait for the whole answer (Puter sends nothing before it is done). */
  responseTimeoutMs: number
  /** Streams: the longest silence between two reads. */
  idleTimeoutMs: number
  /** 429s retried before giving up; only before any byte reached the client, which is always the case here. */
  retries: number
  /** Told when Puter stops or starts answering at the network level (for one log line per change). */
  onReachability?: (reachable: boolean, cause?: string) => void
}

const USER_AGENT = 'puter-openai-proxy'
const DEFAULTS: ClientOptions = { headersTimeoutMs: 60_000, responseTimeoutMs: 600_000, idleTimeoutMs: 300_000, retries: 3 }
/** puter.js retries 429s from 250 ms, doubling; we stop at 2 s a wait. */
const backoffMs = (attempt: number) => Math.min(2_000, 250 * 2 ** attempt)

/** Builds a client for the Puter API at `origin` (no trailing slash). */
export function createPuterClient(origin: string, options: Partial<ClientOptions> = {}): PuterClient {
  const opts = { ...DEFAULTS, ...options }
  const driverCallUrl = `${origin}/drivers/call`

  /** Puter's public catalogues (chat, image) share one route shape and one answer shape (§9). */
  async function modelDetails(kind: 'chat' | 'image', signal?: AbortSignal): Promise<PuterModelDetails[]> {
    const { res } = await send(`${origin}/puterai/${kind}/models/details`, { headers: { accept: 'application/json', 'user-agent': USER_AGENT }, signal }, opts.responseTimeoutMs, 'list its models')
    if (!res.ok) throw fromPuterFailure(res.status, await readErrorBody(res, ''))
    const body = (await readJson(res)) as { models?: unknown }
    if (!Array.isArray(body?.models)) {
      throw new ProxyError(502, 'api_error', 'upstream_unavailable', 'Puter returned a model list without `models`.')
    }
    return (body.models as PuterModelDetails[]).filter(
      (m) => typeof m?.id === 'string' && !HIDDEN_MODEL_IDS.has(m.id.toLowerCase()),
    )
  }

  /** One fetch bounded by `limitMs`; a timeout or an unreachable Puter become ProxyErrors, a client abort stays an abort. */
  async function send(url: string, init: RequestInit, limitMs: number, what: string): Promise<{ res: Response; upstream: AbortController }> {
    const upstream = new AbortController()
    const timedOut = new ProxyError(504, 'api_error', 'upstream_timeout', `Puter did not ${what} within ${Math.round(limitMs / 1000)} s.`)
    const timer = setTimeout(() => upstream.abort(timedOut), limitMs)
    const outer = init.signal
    const onAbort = () => upstream.abort(outer?.reason)
    if (outer?.aborted) onAbort()
    outer?.addEventListener('abort', onAbort, { once: true })
    try {
      // Bun's own socket idle timer (5 min) would cut long answers: our timers above and below own timeouts.
      const res = await fetch(url, { ...init, signal: upstream.signal, timeout: false } as RequestInit)
      opts.onReachability?.(true)
      return { res, upstream }
    } catch (err) {
      if (upstream.signal.reason === timedOut) throw timedOut
      if (outer?.aborted) throw err
      const cause = describeNetworkError(err)
      opts.onReachability?.(false, cause)
      throw fromUnreachable(origin, cause)
    } finally {
      clearTimeout(timer)
    }
  }

  async function completeOnce(args: Record<string, unknown>, { token, signal }: CallOptions): Promise<CompleteOutcome> {
    const call: DriverCall = { interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete', args }
    const stream = args.stream === true
    const { res, upstream } = await send(driverCallUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/x-ndjson, application/json',
        authorization: `Bearer ${token}`,
        'user-agent': USER_AGENT,
      },
      body: JSON.stringify(call),
      signal,
    }, stream ? opts.headersTimeoutMs : opts.responseTimeoutMs, stream ? 'start answering' : 'answer')
    if (!res.ok) throw fromPuterFailure(res.status, await readErrorBody(res, token))
    const type = res.headers.get('content-type') ?? ''
    if (type.includes('ndjson') && res.body) {
      return { kind: 'stream', events: withIdleTimeout(res.body, opts.idleTimeoutMs, upstream) }
    }
    const envelope = (await readJson(res)) as PuterEnvelope
    if (envelope?.success === false) throw fromPuterFailure(400, scrub(envelope.error, token))
    return { kind: 'json', result: envelope?.result, metadata: envelope?.metadata }
  }

  return {
    origin,

    async complete(args, call) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await completeOnce(args, call)
        } catch (err) {
          const retry = err instanceof ProxyError && err.status === 429 && attempt < opts.retries && !call.signal?.aborted
          if (!retry) throw err
          await sleep(backoffMs(attempt), call.signal)
        }
      }
    },

    async call(call, { token, signal }) {
      const { res } = await send(driverCallUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: '*/*', authorization: `Bearer ${token}`, 'user-agent': USER_AGENT },
        body: JSON.stringify(call),
        signal,
      }, opts.responseTimeoutMs, 'answer')
      if (!res.ok) throw fromPuterFailure(res.status, await readErrorBody(res, token))
      return res
    },

    listModels: ({ signal } = {}) => modelDetails('chat', signal),
    listImageModels: ({ signal } = {}) => modelDetails('image', signal),

    async ping({ signal } = {}) {
      const { res } = await send(`${origin}/puterai/chat/models`, { headers: { 'user-agent': USER_AGENT }, signal }, opts.responseTimeoutMs, 'answer')
      await res.arrayBuffer()
      if (!res.ok) throw fromPuterFailure(res.status, '')
    },
  }
}

/** Reads `body` as NDJSON batches, failing with a 504 when Puter stays silent for `idleMs`; `return()` cancels the body. */
function withIdleTimeout(body: ReadableStream<Uint8Array>, idleMs: number, upstream: AbortController): AsyncIterableIterator<unknown[]> {
  const silent = new ProxyError(504, 'api_error', 'upstream_timeout', `Puter's stream went silent for ${Math.round(idleMs / 1000)} s.`)
  const timer = setTimeout(() => upstream.abort(silent), idleMs)
  const lines = readNdjson(body, { onRead: () => timer.refresh() })
  return {
    [Symbol.asyncIterator]() {
      return this
    },
    async next() {
      try {
        const read = await lines.next()
        if (read.done) clearTimeout(timer)
        return read
      } catch (err) {
        clearTimeout(timer)
        throw upstream.signal.reason === silent ? silent : err
      }
    },
    async return() {
      clearTimeout(timer)
      return lines.return!()
    },
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new ProxyError(502, 'api_error', 'upstream_unavailable', 'Puter returned a success that is not JSON.')
  }
}

/** Reads an error body as JSON when it is JSON, else as text, with the token scrubbed out. */
async function readErrorBody(res: Response, token: string): Promise<unknown> {
  const text = await res.text().catch(() => '')
  try {
    return scrub(JSON.parse(text), token)
  } catch {
    return scrub(text, token)
  }
}

/** Puter never echoes tokens today; this makes sure an error text never carries one to the client. */
function scrub<T>(value: T, token: string): T {
  if (!token) return value
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  if (text === undefined || !text.includes(token)) return value
  const cleaned = text.replaceAll(token, '[redacted]')
  return (typeof value === 'string' ? cleaned : JSON.parse(cleaned)) as T
}
