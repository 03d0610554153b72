/**
 * The OpenAI surface: validate → translate → call Puter → answer as JSON or
 * SSE. Failures before the first byte are real HTTP errors; after it they
 * are error frames, which `toSseStream` writes.
 */
import { Elysia } from 'elysia'
import type { Server } from 'bun'
import { requireToken } from '../auth.ts'
import { MESSAGE_MODES, type Config, type MessageMode } from '../config.ts'
import { fromStreamFailure, ProxyError } from '../errors.ts'
import type { Catalogue } from '../puter/catalogue.ts'
import type { PuterClient } from '../puter/client.ts'
import { collectEvents } from '../puter/collect.ts'
import { SSE_HEADERS, toSseStream } from '../sse.ts'
import { toChatCompletion, toPuterArgs } from './chat.ts'
import { findModel, toModel, toModelList } from './models.ts'
import { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ErrorResponse, Model, ModelList } from './schema.ts'
import { toChatCompletionChunks, toChunksFromCompletion } from './stream.ts'

export interface OpenAiDeps {
  config: Config
  puter: PuterClient
  catalogue: Catalogue
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }
const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { headers: { ...JSON_HEADERS, ...headers } })

const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, {
    description: `OpenAI-shaped error (${s})`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  }]))

/** The OpenAI routes as an Elysia plugin. */
export function openAiRoutes({ config, puter, catalogue, now = () => Math.floor(Date.now() / 1000) }: OpenAiDeps) {
  async function chat({ body, request, server }: { body: ChatCompletionRequest; request: Request; server: Server<unknown> | null }) {
    const token = requireToken(request.headers)
    const args = toPuterArgs(body, readMode(request.headers, config.messageMode))
    // A completion can think for minutes before its first byte; Bun's idle timeout must not cut it.
    server?.timeout(request, 0)

    const upstream = new AbortController()
    const abort = () => upstream.abort()
    request.signal.addEventListener('abort', abort, { once: true })
    const meta = { id: `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`, created: now(), model: body.model }

    let outcome
    try {
      outcome = await puter.complete(args, { token, signal: upstream.signal })
    } catch (err) {
      // The client left while Puter was thinking: nobody is there to answer.
      if (upstream.signal.aborted) return new Response(null, { status: 499 })
      throw err
    }

    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true
      const chunks = outcome.kind === 'stream'
        ? toChatCompletionChunks(outcome.events, { ...meta, includeUsage })
        : toChunksFromCompletion(toChatCompletion(outcome.result, meta), includeUsage)
      const stream = toSseStream(chunks, {
        heartbeatMs: config.heartbeatIntervalMs,
        toErrorFrame: (err) => fromStreamFailure(err).toBody(),
        onCancel: abort,
        isAborted: () => upstream.signal.aborted,
      })
      return new Response(stream, { headers: SSE_HEADERS })
    }

    const result = outcome.kind === 'json' ? outcome.result : await collectEvents(outcome.events)
    const headers: Record<string, string> = {}
    if (outcome.kind === 'json' && outcome.metadata?.service_used) headers['x-puter-provider'] = outcome.metadata.service_used
    if (outcome.kind === 'json' && outcome.metadata?.providerUsed) headers['x-puter-model'] = outcome.metadata.providerUsed
    return json(toChatCompletion(result, meta), headers)
  }

  async function listModels() {
    const list = toModelList(await catalogue.get())
    return json(list, { 'x-catalogue-source': list.source })
  }

  async function getModel({ params }: { params: Record<string, string> }) {
    const id = decodePathId(params['*'] ?? '')
    if (id === '') return listModels()
    const view = await catalogue.get()
    const entry = findModel(view, id)
    if (!entry) {
      throw new ProxyError(404, 'invalid_request_error', 'model_not_found',
        `The model \`${id}\` does not exist in Puter's catalogue. GET /v1/models lists the models.`, 'model')
    }
    return json(toModel(entry), { 'x-catalogue-source': view.source })
  }

  const chatDoc = {
    body: 'ChatCompletionRequest' as const,
    parse: 'json' as const,
    detail: {
      summary: 'Create a chat completion',
      description: 'OpenAI-compatible chat completion over Puter. With `stream: true` the answer is `text/event-stream`: `data: <ChatCompletionChunk>` frames, then `data: [DONE]`.',
      tags: ['Chat'],
      responses: {
        200: {
          description: 'A chat completion, or an SSE stream of chunks ending with `data: [DONE]`.',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ChatCompletion' } },
            'text/event-stream': { schema: { type: 'string' as const, description: 'SSE frames of ChatCompletionChunk, then `data: [DONE]`.' } },
          },
        },
        ...errorResponses(400, 401, 402, 403, 404, 429, 502, 503),
      },
    },
  }
  const modelsDoc = {
    detail: {
      summary: 'List models', tags: ['Models'],
      responses: { 200: { description: 'The models Puter serves', content: { 'application/json': { schema: { $ref: '#/components/schemas/ModelList' } } } } },
    },
  }
  const modelDoc = {
    detail: {
      summary: 'Retrieve a model by id, Puter id or alias (ids may contain `:` and `/`, raw or percent-encoded)', tags: ['Models'],
      responses: {
        200: { description: 'The model', content: { 'application/json': { schema: { $ref: '#/components/schemas/Model' } } } },
        ...errorResponses(404),
      },
    },
  }

  return new Elysia({ name: 'openai-routes' })
    .model({ ChatCompletionRequest, ChatCompletion, ChatCompletionChunk, Model, ModelList, ErrorResponse })
    .post('/v1/chat/completions', chat, chatDoc)
    .post('/chat/completions', chat, { ...chatDoc, detail: { ...chatDoc.detail, summary: 'Create a chat completion (alias without /v1)', hide: true } })
    .get('/v1/models', listModels, modelsDoc)
    .get('/models', listModels, { detail: { ...modelsDoc.detail, hide: true } })
    .get('/v1/models/*', getModel, modelDoc)
    .get('/models/*', getModel, { detail: { ...modelDoc.detail, hide: true } })
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
