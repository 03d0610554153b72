/**
 * OpenAI's media endpoints over Puter's drivers: images (generations, edits),
 * speech, transcriptions and translations. Same slot, limits, logs and errors
 * as chat; audio is streamed to the client as it arrives from Puter, and the
 * slot is held until it has all gone out.
 */
import type { Server } from 'bun'
import { Elysia, type Context } from 'elysia'
import { withModel, type ModelResolver } from '../aliases.ts'
import type { Credentials } from '../auth.ts'
import { ProxyError } from '../errors.ts'
import { CLIENT_GONE, openCall, type ExchangeDeps } from '../exchange.ts'
import type { RequestRecord } from '../observe.ts'
import type { PuterEnvelope } from '../puter/wire.ts'
import { imageEditDoc, imageGenerationDoc, speechDoc, transcriptionDoc, translationDoc } from './route-docs.ts'
import { mediaComponents } from './schema.ts'
import { toImageCall, toImageEntry, toSpeechCall, toTranscript, toTranscriptionCall, type DriverCall } from './translate.ts'

export interface MediaDeps extends ExchangeDeps {
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
  now?: () => number
}

/** The most a remote image Puter links to may weigh, when it is fetched to be sent as base64. */
const MAX_FETCHED_IMAGE = 32 * 1024 * 1024

const bad = (param: string, message: string) => new ProxyError(400, 'invalid_request_error', 'invalid_value', message, param)

export function mediaRoutes(deps: MediaDeps) {
  const { observer, authenticate, resolveModel, puter, now = () => Math.floor(Date.now() / 1000) } = deps

  /** Calls a Puter driver within the token's slot; `read` consumes the answer (the slot is released after it, or handed over). */
  async function callDriver<T>(request: Request, record: RequestRecord, call: DriverCall, read: (res: Response, done: () => void) => Promise<T>): Promise<T | Response> {
    const { token, key } = authenticate(request.headers)
    record.model = typeof call.args.model === 'string' ? call.args.model : undefined
    const exchange = await openCall(deps, { request, key, record }, (signal) => puter.call(call, { token, signal }))
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    return read(exchange.outcome, exchange.done)
  }

  const model = (body: Record<string, unknown>, request: Request) =>
    typeof body.model === 'string' ? withModel(body as { model: string }, resolveModel(body.model, request.headers)) : body

  /** Reads Puter's JSON envelope; anything else (audio where JSON was due, HTML from an edge) is a 502. */
  async function envelope(res: Response, done: () => void): Promise<unknown> {
    try {
      const type = res.headers.get('content-type') ?? ''
      if (!type.includes('json')) throw new ProxyError(502, 'api_error', 'upstream_bad_response', `Puter answered with ${type || 'no content type'} where JSON was due.`)
      return ((await res.json()) as PuterEnvelope).result
    } finally {
      done()
    }
  }

  async function images(request: Request, body: Record<string, unknown>, inputImage?: string) {
    const record = observer.get(request) ?? observer.begin(request, crypto.randomUUID())
    const { call, format } = toImageCall(model(body, request), inputImage)
    const answer = await callDriver(request, record, call, async (res, done) => {
      const entry = toImageEntry(await envelope(res, done), format)
      if (!entry.fetchUrl) return entry
      return { b64_json: await fetchAsBase64(entry.fetchUrl) }
    })
    return answer instanceof Response ? answer : { created: now(), data: [answer] }
  }

  async function generate({ body, request, server }: { body: Record<string, unknown>; request: Request; server: Server<unknown> | null }) {
    server?.timeout(request, 0)
    return images(request, body)
  }

  async function edit({ body, request, server }: { body: unknown; request: Request; server: Server<unknown> | null }) {
    const fields = form(body)
    const image = fields.image ?? (Array.isArray(fields['image[]']) ? fields['image[]'][0] : undefined)
    const first = Array.isArray(image) ? image[0] : image
    if (!(first instanceof Blob) || first.size === 0) throw bad('image', '`image` is required: the image to edit, as a file in multipart/form-data.')
    if (fields.mask !== undefined) throw new ProxyError(400, 'invalid_request_error', 'unsupported_parameter', 'Puter\'s image providers take no mask: describe the change in `prompt` instead.', 'mask')
    server?.timeout(request, 0)
    return images(request, fields, await dataUrl(first))
  }

  async function speech({ body, request, server }: { body: Record<string, unknown>; request: Request; server: Server<unknown> | null }) {
    const record = observer.get(request) ?? observer.begin(request, crypto.randomUUID())
    const { call, contentType } = toSpeechCall(model(body, request))
    server?.timeout(request, 0)
    return callDriver(request, record, call, async (res, done) => {
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim()
      if (type !== contentType) {
        done()
        void res.body?.cancel().catch(() => {})
        throw new ProxyError(502, 'api_error', 'upstream_bad_response', `Puter answered with ${type || 'no content type'}, not the ${contentType} asked for; nothing in another format is passed on.`)
      }
      record.stream = true
      return new Response(res.body ? releasing(res.body, done) : null, { headers: { 'content-type': contentType } })
    })
  }

  async function transcribe(method: 'transcribe' | 'translate', { body, request, server }: { body: unknown; request: Request; server: Server<unknown> | null; set: Context['set'] }) {
    const record = observer.get(request) ?? observer.begin(request, crypto.randomUUID())
    const fields = form(body)
    const file = fields.file
    if (!(file instanceof Blob)) throw bad('file', '`file` is required: the audio, as a file in multipart/form-data.')
    if (file.size === 0) throw bad('file', '`file` is empty.')
    const { call, format } = toTranscriptionCall(typeof fields.model === 'string' ? withModel(fields as { model: string }, resolveModel(fields.model, request.headers)) : fields, await dataUrl(file), method)
    server?.timeout(request, 0)
    const answer = await callDriver(request, record, call, async (res, done) => toTranscript(await envelope(res, done), format))
    if (answer instanceof Response) return answer
    if (answer.text !== undefined) return new Response(answer.text, { headers: { 'content-type': 'text/plain; charset=utf-8' } })
    return answer.json
  }

  return new Elysia({ name: 'media-routes', normalize: false })
    .model(mediaComponents)
    .post('/v1/images/generations', generate, { body: 'ImageGenerationRequest', parse: 'json', detail: imageGenerationDoc })
    .post('/v1/images/edits', edit, { detail: imageEditDoc })
    .post('/v1/audio/speech', speech, { body: 'SpeechRequest', parse: 'json', detail: speechDoc })
    .post('/v1/audio/transcriptions', (ctx) => transcribe('transcribe', ctx), { detail: transcriptionDoc })
    .post('/v1/audio/translations', (ctx) => transcribe('translate', ctx), { detail: translationDoc })
}

/** The fields of a multipart body (the guarded reader turns it into an object); anything else is a 400. */
function form(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProxyError(400, 'invalid_request_error', 'invalid_form', 'Send the request as multipart/form-data, with the file in its own field.')
  }
  return body as Record<string, unknown>
}

async function dataUrl(file: Blob): Promise<string> {
  return `data:${file.type || 'application/octet-stream'};base64,${Buffer.from(await file.arrayBuffer()).toString('base64')}`
}

/** Passes the audio on as it arrives, and calls `done` once it has all gone (or the client left). */
function releasing(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: over } = await reader.read()
        if (over) {
          done()
          controller.close()
        } else {
          controller.enqueue(value)
        }
      } catch (err) {
        done()
        controller.error(err)
      }
    },
    cancel() {
      done()
      return reader.cancel()
    },
  })
}

/** A remote image Puter linked to, as base64 (only http(s), bounded in time and size). */
async function fetchAsBase64(url: string): Promise<string> {
  if (!/^https?:\/\//i.test(url)) throw new ProxyError(502, 'api_error', 'upstream_bad_response', 'Puter\'s image driver answered with an unusable image reference.')
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined)
  if (!res?.ok) throw new ProxyError(502, 'api_error', 'upstream_unavailable', 'The image Puter made could not be fetched to send it as base64; ask with `response_format: "url"`.')
  const bytes = await res.arrayBuffer()
  if (bytes.byteLength > MAX_FETCHED_IMAGE) throw new ProxyError(502, 'api_error', 'upstream_bad_response', 'The image Puter made is too large to send as base64; ask with `response_format: "url"`.')
  return Buffer.from(bytes).toString('base64')
}
