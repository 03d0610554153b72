/**
 * The Responses surface: POST /v1/responses (and /responses), and the stored
 * responses: GET and DELETE /v1/responses/{id}, GET …/input_items. Same
 * exchange, limits, logs and errors as chat; OpenAI's Responses shapes.
 */
import { Type } from '@sinclair/typebox'
import type { Server } from 'bun'
import { Elysia, type Context } from 'elysia'
import type { ModelResolver } from '../aliases.ts'
import type { Credentials } from '../auth.ts'
import type { Config } from '../config.ts'
import { ProxyError } from '../errors.ts'
import { answerWhole, beginRequest, CLIENT_GONE, openExchange, streamExchange, type ExchangeDeps } from '../exchange.ts'
import type { Logger } from '../log.ts'
import type { RequestRecord } from '../observe.ts'
import { readResult } from '../puter/result.ts'
import { StoreUnavailableError, type ResponseStore, type StoredResponse } from '../state/response-store.ts'
import { toItems } from './input.ts'
import { createResponseDoc, deleteResponseDoc, listInputItemsDoc, retrieveResponseDoc } from './route-docs.ts'
import { responsesComponents, type CreateRequest, type InputItem, type ResponseObject } from './schema.ts'
import { createResponsesSse } from './sse-format.ts'
import { createResponsesStream } from './stream.ts'
import { echoOf, toPuterArgs, toResponse, type ResponseMeta } from './translate.ts'

export interface ResponsesDeps extends ExchangeDeps {
  config: Config
  store: ResponseStore
  authenticate: (headers: Headers) => Credentials
  resolveModel: ModelResolver
  logger: Logger
  now?: () => number
}

const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`

export function responsesRoutes(deps: ResponsesDeps) {
  const { config, authenticate, store, logger, now = () => Math.floor(Date.now() / 1000) } = deps

  async function createResponse({ body: requested, request, server, set }: { body: CreateRequest; request: Request; server: Server<unknown> | null; set: Context['set'] }) {
    const { record, body, credentials: { token, key, owner } } = beginRequest(deps, request, requested)
    if (body.background === true) {
      throw new ProxyError(400, 'invalid_request_error', 'unsupported_parameter', 'Background mode is not supported: send the request without `background` and stream it instead.', 'background')
    }
    const previous = body.previous_response_id ? await loadPrevious(body.previous_response_id, owner) : undefined
    const input = withIds(toItems(body.input))
    const earlier = previous ? [...previous.context, ...previous.response.output as InputItem[]] : []
    const context = [...earlier, ...(await resolveReferences(input, earlier, owner))]
    const call = toPuterArgs(body, context)
    if (call.dropped.length > 0) {
      set.headers['x-dropped-tools'] = call.dropped.join(', ')
      record.droppedTools = call.dropped.join(',')
    }
    server?.timeout(request, 0)

    const exchange = await openExchange(deps, { request, token, key, args: call.args, record })
    if (exchange === CLIENT_GONE) return new Response(null, { status: 499 })
    const { outcome } = exchange
    const meta: ResponseMeta = { id: newId('resp'), createdAt: now(), model: body.model, newId, targets: call.targets }
    const echo = echoOf(body)
    const keep = async (response: ResponseObject) => {
      if (body.store === false) return
      const stored: StoredResponse = { id: response.id, createdAt: response.created_at, response, input, context }
      // The answer is given either way: a store that fails costs the later retrieval, which then says why.
      await store.put(stored, owner).catch((err: unknown) => {
        record.errorCode = 'store_unavailable'
        logger.warn('a response could not be stored', { request_id: record.id, response_id: response.id, error: err instanceof Error ? err.message : String(err) })
      })
    }

    if (body.stream === true) {
      const events = outcome.kind === 'stream' ? outcome.events : replay(outcome.result)
      const stop = outcome.kind === 'json' ? readResult(outcome.result).stop : undefined
      const stream = createResponsesStream(meta, echo, { stop, onUsage: (usage) => noteUsage(record, usage) })
      return streamExchange(deps, exchange, events, stream.translator, createResponsesSse(stream), config.heartbeatIntervalMs, () => {
        const final = stream.final()
        if (final) void keep(final)
      })
    }
    return answerWhole(exchange, async (result) => {
      const response = toResponse(result, meta, echo)
      noteUsage(record, response.usage)
      await keep(response)
      return response
    })
  }

  async function loadPrevious(id: string, owner: string): Promise<StoredResponse> {
    const found = await readStore(() => store.get(id, owner))
    if (!found) {
      throw new ProxyError(400, 'invalid_request_error', 'previous_response_not_found',
        `Previous response with id '${id}' not found: it was never stored (store: false), has expired, or belongs to another API key.`, 'previous_response_id')
    }
    return found
  }

  async function getResponse({ params, request }: { params: { id: string }; request: Request }) {
    const { owner } = authenticate(request.headers)
    const found = await readStore(() => store.get(params.id, owner))
    if (!found) throw notFound(params.id)
    return found.response
  }

  async function deleteResponse({ params, request }: { params: { id: string }; request: Request }) {
    const { owner } = authenticate(request.headers)
    if (!(await readStore(() => store.delete(params.id, owner)))) throw notFound(params.id)
    return { id: params.id, object: 'response' as const, deleted: true as const }
  }

  async function listInputItems({ params, query, request }: { params: { id: string }; query: Record<string, string | undefined>; request: Request }) {
    const { owner } = authenticate(request.headers)
    const found = await readStore(() => store.get(params.id, owner))
    if (!found) throw notFound(params.id)
    const limit = query.limit === undefined ? 20 : Number(query.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ProxyError(400, 'invalid_request_error', 'invalid_value', '`limit` must be a whole number from 1 to 100.', 'limit')
    const order = query.order ?? 'desc'
    if (order !== 'asc' && order !== 'desc') throw new ProxyError(400, 'invalid_request_error', 'invalid_value', '`order` must be `asc` or `desc`.', 'order')
    let items = order === 'desc' ? [...found.input].reverse() : found.input
    if (query.after) items = items.slice(items.findIndex((i) => i.id === query.after) + 1)
    const data = items.slice(0, limit)
    return { object: 'list' as const, data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > limit }
  }

  /** `item_reference` items replaced by the items they name: from the conversation continued, else from any of the owner's stored responses. */
  async function resolveReferences(items: InputItem[], earlier: InputItem[], owner: string): Promise<InputItem[]> {
    const out: InputItem[] = []
    for (const [i, item] of items.entries()) {
      if (item.type !== 'item_reference') {
        out.push(item)
        continue
      }
      const found = earlier.find((e) => e.id && e.id === item.id) ?? (item.id ? await readStore(() => store.findItem(item.id!, owner)) : undefined)
      if (found) out.push(found)
      // Reasoning is never forwarded to Puter, so a reasoning item that is gone (or was never stored) costs nothing.
      else if (!item.id?.startsWith('rs_')) {
        throw new ProxyError(400, 'invalid_request_error', 'invalid_value', `Item '${item.id}' is not stored for this API key: it was never stored, has expired or was deleted.`, `input[${i}].id`)
      }
    }
    return out
  }

  const idParams = { params: Type.Object({ id: Type.String() }) }
  const create = { body: 'ResponseCreateRequest' as const, parse: 'json' as const }
  return new Elysia({ name: 'responses-routes', normalize: false })
    .model(responsesComponents)
    .post('/v1/responses', createResponse, { ...create, detail: createResponseDoc })
    .post('/responses', createResponse, { ...create, detail: { ...createResponseDoc, hide: true } })
    .get('/v1/responses/:id', getResponse, { ...idParams, detail: retrieveResponseDoc })
    .delete('/v1/responses/:id', deleteResponse, { ...idParams, detail: deleteResponseDoc })
    .get('/v1/responses/:id/input_items', listInputItems, { ...idParams, detail: listInputItemsDoc })
}

const notFound = (id: string) => new ProxyError(404, 'invalid_request_error', 'not_found', `No response with id '${id}' is stored for this API key.`, 'id')

/** A store that cannot be reached is a 503 naming the cause, never a 500. */
async function readStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (err) {
    const cause = err instanceof StoreUnavailableError ? err.message : `The response store failed: ${err instanceof Error ? err.message : String(err)}`
    throw new ProxyError(503, 'api_error', 'store_unavailable', cause)
  }
}

/** Input items as stored and listed: each with an id, as OpenAI gives them. */
function withIds(items: InputItem[]): InputItem[] {
  return items.map((item) => (item.id ? item : { ...item, id: newId(item.type === 'function_call_output' ? 'fco' : item.type === 'function_call' ? 'fc' : 'msg') }))
}



/** Puter answered a stream request with JSON: replay it as the one batch of events a stream would have carried. */
function replay(result: unknown): Iterator<unknown[]> {
  const read = readResult(result)
  const events: unknown[] = []
  if (read.reasoning) events.push({ type: 'reasoning', reasoning: read.reasoning })
  if (read.text) events.push({ type: 'text', text: read.text })
  for (const call of read.toolCalls) events.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input })
  const u = read.usage
  events.push({ type: 'usage', usage: { input_tokens: u.input - u.cachedInput, cache_read_input_tokens: u.cachedInput, output_tokens: u.output, thinking_tokens: u.reasoning } })
  return [events][Symbol.iterator]()
}

function noteUsage(record: RequestRecord, usage: ResponseObject['usage']) {
  if (!usage) return
  record.promptTokens = usage.input_tokens
  record.completionTokens = usage.output_tokens
}
