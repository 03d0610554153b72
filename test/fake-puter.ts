/**
 * A Puter look-alike on 127.0.0.1 that speaks the wire of
 * shared/puter-protocol.md: `/drivers/call` with its auth order, dispatch
 * errors, model lookup, the three result shapes and NDJSON streams with no
 * end marker; the public model catalogue; and scripted faults. It records
 * every request so tests can assert what the proxy sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { CATALOGUE, IMAGE_CATALOGUE, resolveModel, type FakeModel } from './fake-puter-models.ts'

const SCRIPTED_MODEL: FakeModel = {
  id: 'scripted', provider: 'openai-completion', family: 'openai', aliases: [], tool_call: true,
  modalities: { input: ['text'], output: ['text'] }, costs_currency: 'usd-cents', costs: {},
}

/** One piece of a scripted stream: raw text or bytes written as is, a pause, or a hard cut. */
export type StreamStep = string | Uint8Array | { delayMs: number } | { cut: true } | { wait: Promise<unknown> }

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
  /** Stream even when the call did not ask for it. */
  alwaysStream?: boolean
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

/** Every secret the tests hand the proxy; scripts/run-tests.ts checks none of them ever reaches a log line or the test output. */
export const SECRETS = [...Object.values(TOKENS), 'tok-secret-4f9c1b7e2a', 'not-a-puter-token-secret', 'client-key-1', 'client-key-2', 'tok-other-account']

const JSON_TYPE = 'application/json; charset=utf-8'

/** A 1×1 PNG: what the fake image driver makes. */
export const FAKE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

/** The fake TTS driver's audio: deterministic bytes, so tests can compare what they saved. */
export function fakeAudio(format: string, voice: string, text: string): Buffer[] {
  const unit = Buffer.from(`${format}|${voice}|${text}|`)
  return Array.from({ length: 8 }, (_, i) => Buffer.concat(Array.from({ length: 64 }, () => unit)).subarray(0, 1024 + i))
}
const errorBody = (message: string, code: string, extra: Record<string, unknown> = {}) => ({ error: message, message, code, ...extra })

export class FakePuter {
  readonly requests: RecordedRequest[] = []
  /** Streams whose reader went away before the stream ended (the proxy aborted). */
  readonly abortedStreams: string[] = []
  /** Calls whose client (the proxy) went away before the answer was complete. */
  readonly abortedRequests: string[] = []
  /** When true, the catalogue routes answer 503. */
  catalogueDown = false
  /** `complete` calls allowed before every further one is refused with a 400 (an agent in a loop can send thousands). */
  callLimit = Infinity
  /** `complete` calls being answered now, the most there ever were at once, and when each started: what Puter's limits count. */
  inFlight = 0
  maxInFlight = 0
  readonly starts: number[] = []

  /** The most `complete` calls that started within any `windowMs`. */
  maxStartsWithin(windowMs: number): number {
    let most = 0
    for (let i = 0, j = 0; j < this.starts.length; j++) {
      while (this.starts[j]! - this.starts[i]! >= windowMs) i++
      most = Math.max(most, j - i + 1)
    }
    return most
  }
  private scenarios = new Map<string, Scenario | ((args: any) => Scenario)>()
  private server!: Server

  get origin(): string {
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('fake Puter is not listening yet')
    return `http://127.0.0.1:${address.port}`
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
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE })
        res.end(JSON.stringify(errorBody(String(err), 'internal_error')))
      })
    })
    this.server.listen(0, '127.0.0.1')
    return this
  }

  /** Resolves once listening; `start()` then `await ready()` before the first request. */
  async ready(): Promise<this> {
    if (!this.server.listening) await new Promise((r) => this.server.once('listening', r))
    return this
  }

  stop(): void {
    this.server.closeAllConnections()
    this.server.close()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.puter')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const type = req.headers['content-type'] ?? ''
    // Puter parses JSON for the normal types, and text/plain only as the exact string puter.js sends (§1).
    let body: any = {}
    if (raw && (/^application\/json\b/.test(type) || type === 'text/plain;actually=json')) {
      try {
        body = JSON.parse(raw)
      } catch {
        return send(res, 400, errorBody('Invalid JSON', 'client_bad_json'))
      }
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers, body })

    if (req.method === 'GET' && url.pathname === '/puterai/chat/models/details') {
      if (this.catalogueDown) return send(res, 503, errorBody('Service Unavailable', 'internal_error'))
      return send(res, 200, { models: CATALOGUE.filter((m) => !m.hidden).map(({ hidden: _h, family: _f, ...m }) => m) })
    }
    if (req.method === 'GET' && url.pathname === '/puterai/chat/models') {
      if (this.catalogueDown) return send(res, 503, errorBody('Service Unavailable', 'internal_error'))
      return send(res, 200, { models: CATALOGUE.filter((m) => !m.hidden).map((m) => m.puterId ?? m.id).sort() })
    }
    // The image catalogue (§9): public, the same two routes as chat's, hidden ids filtered.
    if (req.method === 'GET' && url.pathname === '/puterai/image/models/details') {
      if (this.catalogueDown) return send(res, 503, errorBody('Service Unavailable', 'internal_error'))
      return send(res, 200, { models: IMAGE_CATALOGUE.filter((m) => !m.hidden).map(({ hidden: _h, ...m }) => m) })
    }
    if (req.method === 'GET' && url.pathname === '/puterai/image/models') {
      if (this.catalogueDown) return send(res, 503, errorBody('Service Unavailable', 'internal_error'))
      return send(res, 200, { models: IMAGE_CATALOGUE.filter((m) => !m.hidden).map((m) => m.puterId ?? m.id).sort() })
    }
    if (req.method === 'POST' && url.pathname === '/drivers/call') return this.driverCall(req, res, body)
    // Where a provider keeps an image it made (the image driver answers with this URL for `remote-image`).
    if (req.method === 'GET' && url.pathname === '/fake-image.png') {
      res.writeHead(200, { 'content-type': 'image/png' })
      return void res.end(FAKE_PNG)
    }
    return send(res, 404, errorBody('Not found', 'not_found'))
  }

  private async driverCall(req: IncomingMessage, res: ServerResponse, body: any): Promise<void> {
    const denied = this.authenticate(req, body)
    if (denied) return send(res, denied.status, denied.body)
    if (typeof body.interface !== 'string' || body.interface === '') {
      return send(res, 400, errorBody('Missing or invalid `interface`', 'bad_request'))
    }
    if (typeof body.method !== 'string') return send(res, 400, errorBody('Missing or invalid `method`', 'bad_request'))
    if (body.interface === 'puter-image-generation' || body.interface === 'puter-tts' || body.interface === 'puter-speech2txt') {
      return this.media(res, body)
    }
    if (body.interface !== 'puter-chat-completion') {
      return send(res, 404, errorBody(`Interface not found: ${body.interface}`, 'not_found'))
    }
    // ai-chat has no aliases at the researched commit: legacy driver names are a 404.
    if (body.driver !== undefined && body.driver !== 'ai-chat') {
      return send(res, 404, errorBody(`Driver not found: puter-chat-completion:${body.driver}`, 'not_found'))
    }
    if (!['complete', 'models', 'list'].includes(body.method)) {
      return send(res, 404, errorBody(`Method '${body.method}' not found on driver 'puter-chat-completion'`, 'not_found'))
    }
    if (body.method !== 'complete') {
      const models = body.method === 'models' ? CATALOGUE : CATALOGUE.map((m) => m.id)
      return send(res, 200, { success: true, result: models, service: { name: 'ai-chat' } })
    }
    return this.complete(res, body.args ?? {})
  }

  /** Overrides the TTS answer's content type (a provider answering in another format than asked). */
  ttsContentType: string | undefined

  /** The image, TTS and speech-to-text drivers (§11): their arguments, results and errors. */
  private async media(res: ServerResponse, body: any): Promise<void> {
    const args = body.args ?? {}
    const drivers: Record<string, { driver: string; methods: string[] }> = {
      'puter-image-generation': { driver: 'ai-image', methods: ['generate'] },
      'puter-tts': { driver: 'ai-tts', methods: ['synthesize', 'list_voices', 'list_engines'] },
      'puter-speech2txt': { driver: 'ai-speech2txt', methods: ['transcribe', 'translate'] },
    }
    const known = drivers[body.interface]!
    if (body.driver !== undefined && body.driver !== known.driver) return send(res, 404, errorBody(`Driver not found: ${body.interface}:${body.driver}`, 'not_found'))
    if (!known.methods.includes(body.method)) return send(res, 404, errorBody(`Method '${body.method}' not found on driver '${body.interface}'`, 'not_found'))
    if (body.interface === 'puter-image-generation') {
      if (typeof args.prompt !== 'string' || args.prompt === '') return send(res, 400, errorBody('Missing required argument `prompt`', 'field_missing', { key: 'prompt' }))
      const model = String(args.model ?? 'gpt-image-1-mini').toLowerCase()
      if (model === 'no-credit-image') return send(res, 402, errorBody('Insufficient credits for image generation', 'insufficient_funds'), { 'x-needs-upgrade': 'true' })
      if (model === 'remote-image') return send(res, 200, { success: true, result: `${this.origin}/fake-image.png`, service: { name: 'ai-image' } })
      if (!['gpt-image-1-mini', 'gpt-image-1', 'dall-e-3'].includes(model)) return send(res, 400, errorBody(`Model not found: ${args.model}`, 'bad_request'))
      return send(res, 200, { success: true, result: `data:image/png;base64,${FAKE_PNG.toString('base64')}`, service: { name: 'ai-image' } })
    }
    if (body.interface === 'puter-tts') {
      if (typeof args.text !== 'string' || args.text === '') return send(res, 400, errorBody('Missing required argument `text`', 'field_missing', { key: 'text' }))
      const model = args.model ?? 'gpt-4o-mini-tts'
      if (!['gpt-4o-mini-tts', 'tts-1', 'tts-1-hd'].includes(model)) return send(res, 400, errorBody(`Invalid value for model`, 'field_invalid', { key: 'model', expected: 'gpt-4o-mini-tts, tts-1, tts-1-hd', got: model }))
      const voice = args.voice ?? 'alloy'
      if (!['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'].includes(voice)) return send(res, 400, errorBody('Invalid value for voice', 'field_invalid', { key: 'voice', got: voice }))
      const format = args.response_format ?? 'mp3'
      res.writeHead(200, { 'content-type': this.ttsContentType ?? (format === 'mp3' ? 'audio/mpeg' : `audio/${format}`) })
      // Raw audio, written in pieces as a provider streams it.
      for (const piece of fakeAudio(format, voice, args.text)) {
        if (res.destroyed) return
        res.write(piece)
        await sleep(5, res)
      }
      return void res.end()
    }
    // Speech to text: the file is a data URL (puter.js turns blobs into data URLs), at most 25 MB.
    const file = /^data:[^;,]*;base64,(.*)$/s.exec(String(args.file ?? ''))
    if (!file) return send(res, 400, errorBody('Missing or invalid `file`', 'field_invalid', { key: 'file' }))
    const bytes = Buffer.from(file[1]!, 'base64')
    if (bytes.length === 0) return send(res, 400, errorBody('The file is empty', 'field_invalid', { key: 'file' }))
    const format = args.response_format ?? 'json'
    const text = `${body.method === 'translate' ? 'translated' : 'transcribed'} ${bytes.length} bytes${args.language ? ` (${args.language})` : ''}`
    const result = format === 'text' ? text
      : format === 'srt' ? `1\n00:00:00,000 --> 00:00:01,000\n${text}\n`
        : format === 'vtt' ? `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${text}\n`
          : format === 'verbose_json' ? { task: body.method, language: args.language ?? 'english', duration: 1, text, segments: [{ id: 0, start: 0, end: 1, text }] }
            : { text, usage: { type: 'duration', seconds: 1 } }
    return send(res, 200, { success: true, result, service: { name: 'ai-speech2txt' } })
  }

  /** Puter's token order: body auth_token, then Bearer, then x-api-key (§2). */
  private authenticate(req: IncomingMessage, body: any): { status: number; body: unknown } | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const token = body.auth_token ?? (bearer && bearer !== 'undefined' ? bearer : undefined) ?? req.headers['x-api-key']
    if (!token) return { status: 401, body: errorBody('Missing authentication token', 'token_missing') }
    if (token === TOKENS.scoped) return { status: 403, body: errorBody('Access tokens are not allowed to access this resource', 'forbidden') }
    if (token === TOKENS.expired) {
      return { status: 401, body: errorBody('Re-authentication required', 'reauth_required', { reason: 'session_expired' }) }
    }
    if (!String(token).startsWith('tok-')) return { status: 401, body: errorBody('Authentication failed', 'token_auth_failed') }
    return undefined
  }

  private async complete(res: ServerResponse, args: any): Promise<void> {
    if (this.calls.length > this.callLimit) return send(res, 400, errorBody(`The test's limit of ${this.callLimit} calls is reached`, 'bad_request'))
    if (!Array.isArray(args.messages)) return send(res, 400, errorBody('`messages` must be an array', 'bad_request'))
    for (const m of args.messages) {
      // Puter's normalize_messages: a falsy content is a 400 unless the message carries tool calls or is a tool result.
      if (m && typeof m === 'object' && !m.content && !m.tool_calls && m.role !== 'tool') {
        return send(res, 400, errorBody("each message must have a 'content' property", 'bad_request'))
      }
    }
    // A scripted id stands for a model of its own, so tests can script faults without touching the real catalogue.
    const model = resolveModel(args.model) ?? (this.scenarios.has(args.model) ? SCRIPTED_MODEL : undefined)
    if (!model) return send(res, 400, errorBody(`Model not found: ${args.model}`, 'bad_request'))

    // The client went away before the answer was complete.
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    this.starts.push(Date.now())
    res.once('close', () => {
      this.inFlight--
      if (!res.writableFinished) this.abortedRequests.push(String(args.model))
    })
    const scripted = this.scenarios.get(args.model)
    const scenario = typeof scripted === 'function' ? scripted(args) : (scripted ?? defaultScenario(model, args))
    if (scenario.headersDelayMs) await sleep(scenario.headersDelayMs, res)
    if (res.destroyed) return
    if (scenario.error) return send(res, scenario.error.status, scenario.error.body, scenario.error.headers)

    if ((args.stream === true || scenario.alwaysStream) && scenario.stream) return this.stream(res, scenario.stream, String(args.model))
    return send(res, 200, {
      success: true,
      result: scenario.result,
      service: { name: 'ai-chat' },
      metadata: scenario.metadata ?? { service_used: model.provider, providerUsed: model.id },
    })
  }

  /** Writes NDJSON steps as chunked HTTP; headers go out first, as Puter's do when its stream starts. */
  private async stream(res: ServerResponse, steps: StreamStep[], label: string): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    res.flushHeaders()
    for (const step of steps) {
      if (res.destroyed) break
      if (typeof step === 'string' || step instanceof Uint8Array) res.write(step)
      else if ('delayMs' in step) await sleep(step.delayMs, res)
      else if ('wait' in step) await step.wait
      else if ('cut' in step) return void res.destroy()
    }
    if (res.destroyed) this.abortedStreams.push(label)
    else res.end()
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, ...headers })
  res.end(JSON.stringify(body))
}

/** Sleeps, waking early when the response closes (so an aborted call does not linger); leaves no listener behind. */
function sleep(ms: number, res?: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer)
      res?.off('close', wake)
      resolve()
    }
    const timer = setTimeout(wake, ms)
    res?.once('close', wake)
  })
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
