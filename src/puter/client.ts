/**
 * The only code that talks HTTP to Puter. It returns either a stream of NDJSON
 * events or a parsed JSON result, and turns every non-2xx answer into a
 * ProxyError before anything reaches the client.
 */
import { fromPuterFailure, fromUnreachable, ProxyError } from '../errors.ts'
import { readNdjson } from './ndjson.ts'
import { HIDDEN_MODEL_IDS, type DriverCall, type PuterEnvelope, type PuterModelDetails } from './wire.ts'

export type CompleteOutcome =
  | { kind: 'stream'; events: AsyncGenerator<unknown> }
  | { kind: 'json'; result: unknown; metadata: PuterEnvelope['metadata'] }

export interface CallOptions {
  /** The client's Puter token; sent only as a bearer header to Puter. */
  token: string
  signal?: AbortSignal
}

export interface PuterClient {
  readonly origin: string
  /** POSTs a chat `complete` call to `/drivers/call`. */
  complete(args: Record<string, unknown>, options: CallOptions): Promise<CompleteOutcome>
  /** GETs the public model catalogue, `/puterai/chat/models/details`, without hidden ids. */
  listModels(options?: { signal?: AbortSignal }): Promise<PuterModelDetails[]>
}

const USER_AGENT = 'puter-openai-proxy'

/** Builds a client for the Puter API at `origin` (no trailing slash). */
export function createPuterClient(origin: string): PuterClient {
  const driverCallUrl = `${origin}/drivers/call`
  const detailsUrl = `${origin}/puterai/chat/models/details`

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init)
    } catch (err) {
      if (init.signal?.aborted) throw err
      throw fromUnreachable(origin)
    }
  }

  return {
    origin,

    async complete(args, { token, signal }) {
      const call: DriverCall = { interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete', args }
      const res = await send(driverCallUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/x-ndjson, application/json',
          authorization: `Bearer ${token}`,
          'user-agent': USER_AGENT,
        },
        body: JSON.stringify(call),
        signal,
      })
      if (!res.ok) throw fromPuterFailure(res.status, await readErrorBody(res, token))
      const type = res.headers.get('content-type') ?? ''
      if (type.includes('ndjson') && res.body) return { kind: 'stream', events: readNdjson(res.body) }

      const envelope = (await readJson(res)) as PuterEnvelope
      if (envelope?.success === false) throw fromPuterFailure(400, scrub(envelope.error, token))
      return { kind: 'json', result: envelope?.result, metadata: envelope?.metadata }
    },

    async listModels({ signal } = {}) {
      const res = await send(detailsUrl, { headers: { accept: 'application/json', 'user-agent': USER_AGENT }, signal })
      if (!res.ok) throw fromPuterFailure(res.status, await readErrorBody(res, ''))
      const body = (await readJson(res)) as { models?: unknown }
      if (!Array.isArray(body?.models)) {
        throw new ProxyError(502, 'api_error', 'upstream_unavailable', 'Puter returned a model list without `models`.')
      }
      return (body.models as PuterModelDetails[]).filter(
        (m) => typeof m?.id === 'string' && !HIDDEN_MODEL_IDS.has(m.id.toLowerCase()),
      )
    },
  }
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
