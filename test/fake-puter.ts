/**
 * A Puter look-alike on 127.0.0.1 that speaks the wire of
 * shared/puter-protocol.md: `/drivers/call` with its auth order, dispatch
 * errors, model lookup, the three result shapes and NDJSON streams with no
 * end marker; the public model catalogue; and scripted faults. It records
 * every request so tests can assert what the proxy sent.
 */
import type { Server } from 'bun'
import { CATALOGUE, resolveModel, type FakeModel } from './fake-puter-models.ts'

const SCRIPTED_MODEL: FakeModel = {
  id: 'scripted', provider: 'openai-completion', family: 'openai', aliases: [], tool_call: true,
  modalities: { input: ['text'], output: ['text'] }, costs_currency: 'usd-cents', costs: {},
}

/** One piece of a scripted stream: raw text or bytes written as is, a pause, or a hard cut. */
export type StreamStep = string | Uint8Array | { delayMs: number } | { cut: true }

/** What the fake does for one `complete` call. */
export interface Scenario {
  /** Wait before sending headers (a slow non-stream completion, or a silent upstream). */
  headersDelayMs?: number
  /** An HTTP error before any stream, with Puter's error body. */
  error?: { status: number; body: unknown; headers?: Record<string, string> }
  /** A non-stream `result` and optional `metadata`. */
  result?: unknown
  metadata?: Record<string, unknown>
  /** NDJSON steps for a stream (see `ndjson()` to build lines). */
  stream?: StreamStep[]
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: any
}

/** Serialises events as Puter does: one `JSON.stringify(obj) + "\n"` per event. */
export const ndjson = (...events: unknown[]): string[] => events.map((e) => `${JSON.stringify(e)}\n`)

export const TOKENS = { valid: 'tok-valid-0123456789abcdef', scoped: 'tok-scoped-0123456789', expired: 'tok-expired-0123456789' }

const JSON_TYPE = 'application/json; charset=utf-8'
const errorBody = (message: string, code: string, extra: Record<string, unknown> = {}) => ({ error: message, message, code, ...extra })
const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class FakePuter {
  readonly requests: RecordedRequest[] = []
  /** Streams whose reader went away before the stream ended (the proxy aborted). */
  readonly abortedStreams: string[] = []
  /** When true, the catalogue routes answer 503. */
  catalogueDown = false
  private scenarios = new Map<string, Scenario | ((args: any) => Scenario)>()
  private server!: Server<unknown>

  get origin(): string {
    return `http://127.0.0.1:${this.server.port}`
  }

  /** Scripts what `complete` does for a model id (as the proxy sends it). */
  script(model: string, scenario: Scenario | ((args: any) => Scenario)): this {
    this.scenarios.set(model, scenario)
    return this
  }

  /** The `/drivers/call` bodies received, newest last. */
  get calls(): any[] {
    return this.requests.filter((r) => r.path === '/drivers/call').map((r) => r.body)
  }

  start(): this {
    this.server = Bun.serve({ port: 0, hostname: '127.0.0.1', idleTimeout: 0, fetch: (req) => this.handle(req) })
    return this
  }

  stop(): void {
    this.server.stop(true)
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url)
    const raw = req.method === 'POST' ? await req.text() : ''
    const type = req.headers.get('content-type') ?? ''
    // Puter parses JSON for the normal types, and text/plain only as the exact string puter.js sends (§1).
    let body: any = {}
    if (raw && (/^application\/json\b/.test(type) || type === 'text/plain;actually=json')) {
      try {
        body = JSON.parse(raw)
      } catch {
        return jsonResponse(400, errorBody('Invalid JSON', 'client_bad_json'))
      }
    }
    this.requests.push({ method: req.method, path: url.pathname, headers: Object.fromEntries(req.headers), body })

    if (req.method === 'GET' && url.pathname === '/puterai/chat/models/details') {
      if (this.catalogueDown) return jsonResponse(503, errorBody('Service Unavailable', 'internal_error'))
      return jsonResponse(200, { models: CATALOGUE.filter((m) => !m.hidden).map(({ hidden: _h, family: _f, ...m }) => m) })
    }
    if (req.method === 'GET' && url.pathname === '/puterai/chat/models') {
      if (this.catalogueDown) return jsonResponse(503, errorBody('Service Unavailable', 'internal_error'))
      return jsonResponse(200, { models: CATALOGUE.filter((m) => !m.hidden).map((m) => m.puterId ?? m.id).sort() })
    }
    if (req.method === 'POST' && url.pathname === '/drivers/call') return this.driverCall(req, body)
    return jsonResponse(404, errorBody('Not found', 'not_found'))
  }

  private async driverCall(req: Request, body: any): Promise<Response> {
    const auth = this.authenticate(req, body)
    if (auth) return auth
    if (typeof body.interface !== 'string' || body.interface === '') {
      return jsonResponse(400, errorBody('Missing or invalid `interface`', 'bad_request'))
    }
    if (typeof body.method !== 'string') return jsonResponse(400, errorBody('Missing or invalid `method`', 'bad_request'))
    if (body.interface !== 'puter-chat-completion') {
      return jsonResponse(404, errorBody(`Interface not found: ${body.interface}`, 'not_found'))
    }
    // ai-chat has no aliases at the researched commit: legacy driver names are a 404.
    if (body.driver !== undefined && body.driver !== 'ai-chat') {
      return jsonResponse(404, errorBody(`Driver not found: puter-chat-completion:${body.driver}`, 'not_found'))
    }
    if (!['complete', 'models', 'list'].includes(body.method)) {
      return jsonResponse(404, errorBody(`Method '${body.method}' not found on driver 'puter-chat-completion'`, 'not_found'))
    }
    if (body.method !== 'complete') {
      const models = body.method === 'models' ? CATALOGUE : CATALOGUE.map((m) => m.id)
      return jsonResponse(200, { success: true, result: models, service: { name: 'ai-chat' } })
    }
    return this.complete(req, body.args ?? {})
  }

  /** Puter's token order: body auth_token, then Bearer, then x-api-key (§2). */
  private authenticate(req: Request, body: any): Response | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]
    const token = body.auth_token ?? (bearer && bearer !== 'undefined' ? bearer : undefined) ?? req.headers.get('x-api-key')
    if (!token) return jsonResponse(401, errorBody('Missing authentication token', 'token_missing'))
    if (token === TOKENS.scoped) return jsonResponse(403, errorBody('Access tokens are not allowed to access this resource', 'forbidden'))
    if (token === TOKENS.expired) {
      return jsonResponse(401, errorBody('Re-authentication required', 'reauth_required', { reason: 'session_expired' }))
    }
    if (!token.startsWith('tok-')) return jsonResponse(401, errorBody('Authentication failed', 'token_auth_failed'))
    return undefined
  }

  private async complete(req: Request, args: any): Promise<Response> {
    if (!Array.isArray(args.messages)) return jsonResponse(400, errorBody('`messages` must be an array', 'bad_request'))
    for (const m of args.messages) {
      // Puter's normalize_messages: a falsy content is a 400 unless the message carries tool calls or is a tool result.
      if (m && typeof m === 'object' && !m.content && !m.tool_calls && m.role !== 'tool') {
        return jsonResponse(400, errorBody("each message must have a 'content' property", 'bad_request'))
      }
    }
    // A scripted id stands for a model of its own, so tests can script faults without touching the real catalogue.
    const model = resolveModel(args.model) ?? (this.scenarios.has(args.model) ? SCRIPTED_MODEL : undefined)
    if (!model) return jsonResponse(400, errorBody(`Model not found: ${args.model}`, 'bad_request'))

    const scripted = this.scenarios.get(args.model)
    const scenario = typeof scripted === 'function' ? scripted(args) : (scripted ?? defaultScenario(model, args))
    if (scenario.headersDelayMs) await sleep(scenario.headersDelayMs)
    if (req.signal.aborted) return new Response(null, { status: 499 })
    if (scenario.error) return jsonResponse(scenario.error.status, scenario.error.body, scenario.error.headers)

    if (args.stream === true && scenario.stream) return this.streamResponse(scenario.stream, args.model)
    return jsonResponse(200, {
      success: true,
      result: scenario.result,
      service: { name: 'ai-chat' },
      metadata: scenario.metadata ?? { service_used: model.provider, providerUsed: model.id },
    })
  }

  private streamResponse(steps: StreamStep[], label: string): Response {
    const encoder = new TextEncoder()
    let cancelled = false
    const aborted = this.abortedStreams
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const step of steps) {
          if (cancelled) return
          if (typeof step === 'string') controller.enqueue(encoder.encode(step))
          else if (step instanceof Uint8Array) controller.enqueue(step)
          else if ('delayMs' in step) await sleep(step.delayMs)
          else if ('cut' in step) return controller.error(new Error('connection reset'))
        }
        if (!cancelled) controller.close()
      },
      cancel() {
        cancelled = true
        aborted.push(label)
      },
    })
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } })
  }
}

/** What Puter's providers would answer when no scenario is scripted: an echo, in the model family's own shape. */
function defaultScenario(model: FakeModel, args: any): Scenario {
  const last = [...args.messages].reverse().find((m: any) => m.role === 'user' || m.role === undefined)
  const said = typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '')
  const reply = model.id === 'fake' ? 'Lorem ipsum dolor sit amet.' : `Echo: ${said}`
  const words = reply.split(/(?<= )/)
  if (model.family === 'claude') {
    const usage = { input_tokens: 12, ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: words.length, thinking_tokens: 0, usd_cents: model.id === 'fake' ? null : 0.01 }
    return {
      result: {
        message: { id: 'msg_fake', type: 'message', role: 'assistant', model: model.id, content: [{ type: 'text', text: reply }], stop_reason: 'end_turn', stop_sequence: null, usage },
        usage, finish_reason: 'stop', via_ai_chat_service: true,
      },
      // The fake model's stream: a pause, one text line, then a usage line with only usd_cents.
      stream: model.id === 'fake'
        ? [{ delayMs: 20 }, ...ndjson({ type: 'text', text: reply }, { type: 'usage', usage: { usd_cents: null } })]
        : ndjson(...words.map((text) => ({ type: 'text', text })), { type: 'usage', usage }),
    }
  }
  const usage = model.family === 'openrouter'
    ? { prompt: 12, completion: words.length, input_cache_read: 0, request: 1, usd_cents: 0.002 }
    : { prompt_tokens: 12, completion_tokens: words.length, cached_tokens: 0, usd_cents: 0.001 }
  return {
    result: {
      index: 0,
      message: { role: 'assistant', content: reply, refusal: null, annotations: [] },
      logprobs: null, finish_reason: 'stop', usage, via_ai_chat_service: true,
    },
    stream: ndjson(...words.map((text) => ({ type: 'text', text })), { type: 'usage', usage }),
  }
}
