/**
 * The Gemini surface: `models/{model}:generateContent`, `:streamGenerateContent`
 * (SSE with `?alt=sse`, else one JSON array written as it grows) and
 * `:countTokens` under `/v1beta/` and `/v1/`, and the model list in Google's
 * shape. Model ids may hold `/` and `:` unencoded, so the path is read from a
 * wildcard and split at its last `:`. The key comes from `x-goog-api-key`,
 * `?key=` or `Authorization: Bearer`; a key in the URL reaches no log line.
 */
import type { Server } from 'bun'
import { Elysia, type Context } from 'elysia'
import type { ModelResolver } from '../aliases.ts'
import { countInputTokens } from '../anthropic/tokens.ts'
import type { Credentials } from '../auth.ts'
import type { Config } from '../config.ts'
import { ProxyError } from '../errors.ts'
import { answerWhole, beginRequest, CLIENT_GONE, openExchange, streamExchange, type ExchangeDeps } from '../exchange.ts'
import type { RequestRecord } from '../observe.ts'
import type { Catalogue } from '../puter/catalogue.ts'
import { findModel } from '../openai/models.ts'
import { NO_EVENTS, replayOf } from '../sse.ts'
import { createGeminiJsonArray, GEMINI_SSE } from './format.ts'
import { toGoogleModel, toGoogleModelList } from './models.ts'
import { geminiComponents, type Content, type GenerateContentRequest, type GenerateContentResponse, type UsageMetadata } from './schema.ts'
import { createGeminiTranslator } from './stream.ts'
import { toGenerateContentResponse, toPuterArgs } from './translate.ts'
import { geminiListModelsDoc, geminiModelMethodDoc, geminiRetrieveModelDoc } from './route-docs.ts'

export interface GeminiDeps extends ExchangeDeps {
  config: Config
  catalogue: Catalogue
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
}

/** Whether a request speaks Google's wire: its path, or (on the shared `/v1/models`) the headers Google's clients send. */
export function isGeminiRequest(request: Request, pathname = new URL(request.url).pathname): boolean {
  if (pathname.startsWith('/v1beta/')) return true
  if (/^\/v1\/models\/.+:[A-Za-z]+$/.test(pathname)) return true
  return pathname.startsWith('/v1/models') && isGoogleClient(request)
}

/** Google's SDKs send `x-goog-api-client`, and the key as `x-goog-api-key` or `?key=`. */
export function isGoogleClient(request: Request): boolean {
  return request.headers.has('x-goog-api-key') || request.headers.has('x-goog-api-client') || new URL(request.url).searchParams.has('key')
}

/** The request's headers, with a `?key=` key moved into `x-goog-api-key` (where the authenticator reads it). */
function headersWithQueryKey(request: Request): Headers {
  const key = new URL(request.url).searchParams.get('key')
  if (!key || request.headers.has('authorization') || request.headers.has('x-goog-api-key')) return request.headers
  const headers = new Headers(request.headers)
  headers.set('x-goog-api-key', key)
  return headers
}

const notFound = (what: string) => new ProxyError(404, 'invalid_request_error', 'not_found', what)

export function geminiRoutes(deps: GeminiDeps) {
  const { config, catalogue, authenticate } = deps

  async function modelMethod({ params, body, request, server, query }: { params: Record<string, string>; body: GenerateContentRequest; request: Request; server: Server<unknown> | null; query: Record<string, string | undefined> }) {
    const path = decode(params['*'] ?? '').replace(/^models\//, '')
    const at = path.lastIndexOf(':')
    const method = at === -1 ? '' : path.slice(at + 1)
    const requested = path.slice(0, at)
    if (at <= 0 || !['generateContent', 'streamGenerateContent', 'countTokens'].includes(method)) {
      throw notFound(`Method not found: ${method || '(none)'}. Use models/{model}:generateContent, :streamGenerateContent or :countTokens.`)
    }
    const headers = headersWithQueryKey(request)
    if (method === 'countTokens') {
      authenticate(headers)
      return { totalTokens: await countTokens(body) }
    }
    const stream = method === 'streamGenerateContent'
    const { record, body: { model }, credentials: { token, key } } = beginRequest(deps, request, { model: requested, stream }, headers)
    const call = toPuterArgs(body, model, stream)
    if (call.dropped.length > 0) record.droppedTools = call.dropped.join(',')
    server?.timeout(request, 0)

    const exchange = await openExchange(deps, { request, token, key, args: call.args, record })
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    const { outcome } = exchange
    const meta = { model, responseId: crypto.randomUUID().replaceAll('-', ''), includeThoughts: call.includeThoughts }
    if (stream) {
      const format = query.alt === 'sse' ? GEMINI_SSE : createGeminiJsonArray()
      if (outcome.kind === 'json') {
        const whole = toGenerateContentResponse(outcome.result, meta)
        return streamExchange(deps, exchange, NO_EVENTS, replayOf([whole]), format, config.heartbeatIntervalMs)
      }
      const translator = createGeminiTranslator(meta, (usage) => noteUsage(record, usage))
      return streamExchange(deps, exchange, outcome.events, translator, format, config.heartbeatIntervalMs)
    }
    return answerWhole(exchange, (result): GenerateContentResponse => {
      const response = toGenerateContentResponse(result, meta)
      noteUsage(record, response.usageMetadata)
      return response
    })
  }

  async function listModels({ query, set }: { query: Record<string, string | undefined>; set: Context['set'] }) {
    const view = await catalogue.get()
    set.headers['x-catalogue-source'] = view.source
    const size = query.pageSize === undefined ? undefined : Number(query.pageSize)
    if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new ProxyError(400, 'invalid_request_error', 'invalid_argument', 'pageSize must be a positive whole number.', 'pageSize')
    return toGoogleModelList(view, size, query.pageToken)
  }

  async function getModel({ params, set }: { params: Record<string, string>; set: Context['set'] }) {
    const id = decode(params['*'] ?? '').replace(/^models\//, '')
    const view = await catalogue.get()
    const entry = findModel(view, id)
    if (!entry) throw notFound(`models/${id} is not found in Puter's catalogue. GET /v1beta/models lists the models.`)
    set.headers['x-catalogue-source'] = view.source
    return toGoogleModel(entry)
  }

  const generate = { body: 'GeminiGenerateContentRequest' as const, parse: 'json' as const }
  return new Elysia({ name: 'gemini-routes', normalize: false })
    .model(geminiComponents)
    .get('/v1beta/models', listModels, { detail: geminiListModelsDoc })
    .get('/v1beta/models/*', getModel, { detail: geminiRetrieveModelDoc })
    .post('/v1beta/models/*', modelMethod, { ...generate, detail: geminiModelMethodDoc })
    // The @google/genai SDK defaults to apiVersion v1.
    .post('/v1/models/*', modelMethod, { ...generate, detail: { ...geminiModelMethodDoc, hide: true } })
}

/** Answers `GET /v1/models[/{id}]` in Google's shape for Google's clients (the OpenAI routes ask). */
export const googleModels = { list: toGoogleModelList, one: toGoogleModel }

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** countTokens, answered locally with the same counter as Anthropic's count_tokens. */
async function countTokens(body: GenerateContentRequest): Promise<number> {
  const inner = (body.generateContentRequest ?? {}) as { contents?: Content[]; systemInstruction?: GenerateContentRequest['systemInstruction'] }
  const contents = body.contents ?? inner.contents ?? []
  const instruction = body.systemInstruction ?? inner.systemInstruction
  const system = typeof instruction === 'string' ? instruction : (instruction?.parts ?? []).map((p) => p.text ?? '').join('\n')
  const messages = contents.map((content) => ({
    role: content.role === 'model' ? 'assistant' as const : 'user' as const,
    content: (content.parts ?? []).map((part) =>
      part.inlineData ? { type: 'image' as const, source: { type: 'base64' as const, media_type: part.inlineData.mimeType, data: '' } }
        : part.functionCall ? { type: 'tool_use' as const, id: '', name: part.functionCall.name, input: part.functionCall.args ?? {} }
          : { type: 'text' as const, text: part.text ?? (part.functionResponse ? JSON.stringify(part.functionResponse.response ?? {}) : '') }),
  }))
  return countInputTokens({ system, messages })
}

function noteUsage(record: RequestRecord, usage: UsageMetadata | undefined) {
  if (!usage) return
  record.promptTokens = usage.promptTokenCount
  record.completionTokens = usage.totalTokenCount - usage.promptTokenCount
}
