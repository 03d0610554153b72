/**
 * The OpenAI surface: validate → translate → wait for a slot → call Puter →
 * answer as JSON or SSE. Failures before the first byte are real HTTP
 * errors; after it they are error frames, which `toSseStream` writes.
 */
import { Type } from '@sinclair/typebox'
import type { Server } from 'bun'
import { Elysia, type Context } from 'elysia'
import type { ModelResolver } from '../aliases.ts'
import type { Credentials } from '../auth.ts'
import { MESSAGE_MODES, type Config, type MessageMode } from '../config.ts'
import { toAnthropicModel, toAnthropicModelList } from '../anthropic/models.ts'
import type { AnthropicModel, AnthropicModelList } from '../anthropic/schema.ts'
import { googleModels, isGoogleClient } from '../gemini/routes.ts'
import type { Model as GeminiModel, ModelList as GeminiModelList } from '../gemini/schema.ts'
import { ProxyError } from '../errors.ts'
import { answerWhole, beginRequest, CLIENT_GONE, openExchange, streamExchange, type ExchangeDeps } from '../exchange.ts'
import type { RequestRecord } from '../observe.ts'
import { SNAPSHOT, type Catalogue } from '../puter/catalogue.ts'
import { MODEL_TYPES, toImageModelList, toSpeechModelList } from '../media/models.ts'
import { NO_EVENTS, replayOf } from '../sse.ts'
import { createOpenAiSse } from './sse-format.ts'
import { toChatCompletion, toPuterArgs } from './chat.ts'
import { findModel, toModel, toModelList } from './models.ts'
import { chatCompletionDoc, completionDoc, listModelsDoc, retrieveModelDoc } from './route-docs.ts'
import { CompletionRequest, createTextTranslator, TextCompletion, toPuterArgs as toCompletionArgs, toTextCompletion } from './completions.ts'
import { components, type ChatCompletionRequest, type Model, type ModelList, type Usage } from './schema.ts'
import { createChunkTranslator, replayChunks } from './stream.ts'

export interface OpenAiDeps extends ExchangeDeps {
  config: Config
  catalogue: Catalogue
  /** Puter's image models, for `GET /v1/models?type=image`. */
  imageCatalogue: Catalogue
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number
}

type ChatContext = { body: ChatCompletionRequest; request: Request; server: Server<unknown> | null; set: Context['set'] }

/** The OpenAI routes as an Elysia plugin. */
export function openAiRoutes(deps: OpenAiDeps) {
  const { config, catalogue, imageCatalogue, now = () => Math.floor(Date.now() / 1000) } = deps

  async function createChatCompletion({ body: requested, request, server, set }: ChatContext) {
    const { record, body, credentials: { token, key } } = beginRequest(deps, request, requested)
    const args = toPuterArgs(body, readMode(request.headers, config.messageMode))
    // A completion can think for minutes before its first byte; Bun's idle timeout must not cut it.
    server?.timeout(request, 0)

    const exchange = await openExchange(deps, { request, token, key, args, record })
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    const { outcome } = exchange
    const meta = { id: `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`, created: now(), model: body.model }
    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true
      const format = createOpenAiSse()
      if (outcome.kind === 'json') {
        const replay = replayOf(replayChunks(toChatCompletion(outcome.result, meta), includeUsage))
        return streamExchange(deps, exchange, NO_EVENTS, replay, format, config.heartbeatIntervalMs)
      }
      const translator = createChunkTranslator({ ...meta, includeUsage, onUsage: (usage) => noteUsage(record, usage) })
      return streamExchange(deps, exchange, outcome.events, translator, format, config.heartbeatIntervalMs)
    }
    if (outcome.kind === 'json' && outcome.metadata?.service_used) set.headers['x-puter-provider'] = outcome.metadata.service_used
    if (outcome.kind === 'json' && outcome.metadata?.providerUsed) set.headers['x-puter-model'] = outcome.metadata.providerUsed
    return answerWhole(exchange, (result) => {
      const completion = toChatCompletion(result, meta)
      noteUsage(record, completion.usage)
      return completion
    })
  }

  async function createCompletion({ body: requested, request, server }: { body: CompletionRequest; request: Request; server: Server<unknown> | null }) {
    const { record, body, credentials: { token, key } } = beginRequest(deps, request, requested)
    const args = toCompletionArgs(body)
    server?.timeout(request, 0)
    const exchange = await openExchange(deps, { request, token, key, args, record })
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    const { outcome } = exchange
    const meta = { id: `cmpl-${crypto.randomUUID().replaceAll('-', '')}`, created: now(), model: body.model }
    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true
      if (outcome.kind === 'json') {
        const done = toTextCompletion(outcome.result, meta)
        const chunks: TextCompletion[] = [{ ...done, choices: [{ ...done.choices[0]!, finish_reason: null }], usage: undefined }, { ...done, choices: [{ ...done.choices[0]!, text: '' }], usage: undefined }]
        if (includeUsage) chunks.push({ ...done, choices: [] })
        return streamExchange(deps, exchange, NO_EVENTS, replayOf(chunks), createOpenAiSse(), config.heartbeatIntervalMs)
      }
      const translator = createTextTranslator({ ...meta, includeUsage, onUsage: (usage) => noteUsage(record, usage) })
      return streamExchange(deps, exchange, outcome.events, translator, createOpenAiSse(), config.heartbeatIntervalMs)
    }
    return answerWhole(exchange, (result) => {
      const completion = toTextCompletion(result, meta)
      noteUsage(record, completion.usage)
      return completion
    })
  }

  // Anthropic's API lists models in its own shape; its clients say who they are with `anthropic-version`.
  // Anthropic's and Google's clients say who they are (`anthropic-version`; `x-goog-api-key`, `x-goog-api-client`, `?key=`).
  async function listModels({ set, request }: { set: Context['set']; request: Request }): Promise<ModelList | AnthropicModelList | GeminiModelList> {
    // OpenAI-shaped lists of the media models, as `?type=image|tts|stt`; `chat` (the default) is the catalogue below.
    const type = new URL(request.url).searchParams.get('type')
    if (type !== null && type !== 'chat') {
      if (!(MODEL_TYPES as readonly string[]).includes(type)) {
        throw new ProxyError(400, 'invalid_request_error', 'invalid_value', `\`type\` must be one of ${MODEL_TYPES.join(', ')}; got \`${type.slice(0, 40)}\`.`, 'type')
      }
      if (type === 'image') {
        const images = await imageCatalogue.get()
        set.headers['x-catalogue-source'] = images.source
        return toImageModelList(images)
      }
      set.headers['x-catalogue-source'] = 'documented'
      return toSpeechModelList(type as 'tts' | 'stt', SNAPSHOT.asOf)
    }
    const view = await catalogue.get()
    set.headers['x-catalogue-source'] = view.source
    if (isGoogleClient(request)) {
      const query = new URL(request.url).searchParams
      return googleModels.list(view, query.has('pageSize') ? Number(query.get('pageSize')) || undefined : undefined, query.get('pageToken') ?? undefined)
    }
    return request.headers.has('anthropic-version') ? toAnthropicModelList(view) : toModelList(view)
  }

  async function getModel({ params, set, request }: { params: Record<string, string>; set: Context['set']; request: Request }): Promise<Model | AnthropicModel | GeminiModel> {
    const id = decodePathId(params.model ?? params['*'] ?? '').replace(/^models\//, '')
    const view = await catalogue.get()
    const entry = findModel(view, id)
    if (!entry) {
      throw new ProxyError(404, 'invalid_request_error', 'model_not_found',
        `The model \`${id}\` does not exist in Puter's catalogue. GET /v1/models lists the models.`, 'model')
    }
    set.headers['x-catalogue-source'] = view.source
    if (isGoogleClient(request)) return googleModels.one(entry)
    return request.headers.has('anthropic-version') ? toAnthropicModel(entry) : toModel(entry)
  }

  const chat = { body: 'ChatCompletionRequest' as const, parse: 'json' as const }
  const hidden = <T extends object>(doc: T) => ({ ...doc, hide: true })
  return new Elysia({ name: 'openai-routes', normalize: false })
    .model({ ...components, CompletionRequest, TextCompletion })
    .post('/v1/chat/completions', createChatCompletion, { ...chat, detail: chatCompletionDoc })
    .post('/chat/completions', createChatCompletion, { ...chat, detail: hidden(chatCompletionDoc) })
    .post('/v1/completions', createCompletion, { body: 'CompletionRequest', parse: 'json', detail: completionDoc })
    .post('/completions', createCompletion, { body: 'CompletionRequest', parse: 'json', detail: hidden(completionDoc) })
    .get('/v1/models', listModels, { detail: listModelsDoc })
    .get('/models', listModels, { detail: hidden(listModelsDoc) })
    // `:model` documents the route; the wildcards catch ids whose `/` arrives unencoded.
    .get('/v1/models/:model', getModel, { params: Type.Object({ model: Type.String({ description: 'A model id, Puter id or alias.', examples: ['gpt-5-nano'] }) }), detail: retrieveModelDoc })
    .get('/v1/models/*', getModel, { detail: hidden(retrieveModelDoc) })
    .get('/models/*', getModel, { detail: hidden(retrieveModelDoc) })
}

function noteUsage(record: RequestRecord, usage: Usage) {
  record.promptTokens = usage.prompt_tokens
  record.completionTokens = usage.completion_tokens
}

/** The per-request message mode from `x-message-mode`, else the configured default. */
function readMode(headers: Headers, fallback: MessageMode): MessageMode {
  const raw = headers.get('x-message-mode')?.trim().toLowerCase()
  if (!raw) return fallback
  if ((MESSAGE_MODES as readonly string[]).includes(raw)) return raw as MessageMode
  throw new ProxyError(400, 'invalid_request_error', 'invalid_value',
    `Header x-message-mode must be one of ${MESSAGE_MODES.join(', ')}.`, 'x-message-mode')
}

// The OpenAI SDK percent-encodes ids (`openrouter%3Aanthropic%2Fclaude-3.5-sonnet`); curl users send them raw.
function decodePathId(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
