/**
 * The Anthropic surface: POST /v1/messages and /v1/messages/count_tokens.
 * Same exchange, limits and logs as the OpenAI surface; Anthropic's shapes.
 */
import type { Server } from 'bun'
import { Elysia } from 'elysia'
import type { ModelResolver } from '../aliases.ts'
import type { Credentials } from '../auth.ts'
import type { Config } from '../config.ts'
import { answerWhole, beginRequest, CLIENT_GONE, openExchange, streamExchange, type ExchangeDeps } from '../exchange.ts'
import type { RequestRecord } from '../observe.ts'
import { countTokensDoc, createMessageDoc } from './route-docs.ts'
import { anthropicComponents, type CountTokensRequest, type MessagesRequest, type Usage } from './schema.ts'
import { ANTHROPIC_SSE } from './sse-format.ts'
import { countInputTokens, estimateInputTokens } from './tokens.ts'
import { createEventTranslator, toAnthropicMessage, toPuterArgs } from './translate.ts'

export interface AnthropicDeps extends ExchangeDeps {
  config: Config
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
}

/** Paths answered with Anthropic's error shape. */
export const isAnthropicPath = (pathname: string) => pathname === '/v1/messages' || pathname.startsWith('/v1/messages/')

export function anthropicRoutes(deps: AnthropicDeps) {
  const { config, authenticate } = deps

  async function createMessage({ body: requested, request, server }: { body: MessagesRequest; request: Request; server: Server<unknown> | null }) {
    const { record, body, credentials: { token, key } } = beginRequest(deps, request, requested)
    const args = toPuterArgs(body)
    server?.timeout(request, 0)
    // Counted on the tokenizer's thread while Puter is asked; message_start uses the count if it is ready by then.
    const counting = body.stream === true ? countInputTokens(body) : undefined

    const exchange = await openExchange(deps, { request, token, key, args, record })
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    const { outcome } = exchange
    const meta = { id: `msg_${crypto.randomUUID().replaceAll('-', '')}`, model: body.model }
    if (body.stream === true) {
      const events = outcome.kind === 'stream' ? outcome.events : replay(outcome.result)
      const counted = await Promise.race([counting, Promise.resolve(undefined)])
      const translator = createEventTranslator({ ...meta, inputTokensEstimate: counted ?? estimateInputTokens(body), onUsage: (u) => noteUsage(record, u) })
      return streamExchange(deps, exchange, events, translator, ANTHROPIC_SSE, config.heartbeatIntervalMs)
    }
    return answerWhole(exchange, (result) => {
      const message = toAnthropicMessage(result, meta)
      noteUsage(record, message.usage)
      return message
    })
  }

  async function countTokens({ body, request }: { body: CountTokensRequest; request: Request }) {
    // Same auth as the rest: the count is free, but the proxy is not an open service.
    authenticate(request.headers)
    return { input_tokens: await countInputTokens(body) }
  }

  return new Elysia({ name: 'anthropic-routes', normalize: false })
    .model(anthropicComponents)
    .post('/v1/messages', createMessage, { body: 'AnthropicMessagesRequest', parse: 'json', detail: createMessageDoc })
    .post('/v1/messages/count_tokens', countTokens, { body: 'AnthropicCountTokensRequest', parse: 'json', detail: countTokensDoc })
}

/** Puter answered a stream request with JSON: replay it as the one batch of events a stream would have carried. */
function replay(result: unknown): Iterator<unknown[]> {
  const message = toAnthropicMessage(result, { id: '', model: '' })
  const events: unknown[] = message.content.map((block) =>
    block.type === 'thinking' ? { type: 'reasoning', reasoning: block.thinking }
      : block.type === 'text' ? { type: 'text', text: block.text }
        : { type: 'tool_use', id: block.id, name: block.name, input: block.input })
  events.push({ type: 'usage', usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens } })
  return [events][Symbol.iterator]()
}

function noteUsage(record: RequestRecord, usage: Usage) {
  record.promptTokens = usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0)
  record.completionTokens = usage.output_tokens
}
