/**
 * Pure translation of the Responses API: a request (and the conversation it
 * continues) → Puter `complete` args, and a non-stream Puter result → a
 * `response` object. The stream translator (stream.ts) builds the same
 * objects event by event.
 */
import { readResult, toArgumentsString, toInputObject, type StopKind } from '../puter/result.ts'
import { isClaudeFamily } from '../puter/system-turns.ts'
import type { TokenCounts } from '../puter/usage.ts'
import { toPuterMessages } from './input.ts'
import type { CreateRequest, InputItem, OutputItem, ResponseObject, Usage } from './schema.ts'
import { toPuterTools, toToolChoice, type ToolTarget } from './tools.ts'

/** Fields that are ours to interpret, or would misroute the call at Puter (our ids and store are not OpenAI's). */
const NOT_FORWARDED = new Set([
  'input', 'instructions', 'tools', 'tool_choice', 'max_output_tokens', 'reasoning', 'text', 'stream', 'store',
  'previous_response_id', 'include', 'metadata', 'prompt_cache_key', 'client_metadata', 'truncation', 'background',
  'service_tier', 'stream_options', 'conversation', 'prompt', 'auth_token',
])

export interface PuterCall {
  args: Record<string, unknown>
  targets: Map<string, ToolTarget>
  /** Hosted tools that were not forwarded. */
  dropped: string[]
}

/** Builds Puter args for `request`, whose conversation so far (earlier responses, then its own input) is `items`. */
export function toPuterArgs(request: CreateRequest, items: readonly InputItem[]): PuterCall {
  const args: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) {
    if (!NOT_FORWARDED.has(key) && value !== null && value !== undefined) args[key] = value
  }
  const { tools, targets, dropped } = toPuterTools(request.tools)
  args.messages = toPuterMessages(request.instructions, items, isClaudeFamily(request.model))
  args.stream = request.stream === true
  if (tools.length > 0) {
    args.tools = tools
    const choice = toToolChoice(request.tool_choice, targets)
    if (choice !== undefined) args.tool_choice = choice
  }
  if (typeof request.max_output_tokens === 'number') args.max_tokens = request.max_output_tokens
  const effort = request.reasoning?.effort
  if (typeof effort === 'string' && effort !== 'none') args.reasoning_effort = effort === 'minimal' ? 'low' : effort === 'xhigh' ? 'high' : effort
  const format = request.text?.format as { type?: string; name?: string; schema?: unknown; strict?: boolean } | undefined
  if (format?.type === 'json_schema') args.response_format = { type: 'json_schema', json_schema: { name: format.name ?? 'response', schema: format.schema, strict: format.strict } }
  else if (format?.type === 'json_object') args.response_format = { type: 'json_object' }
  return { args, targets, dropped }
}

export interface ResponseMeta {
  id: string
  createdAt: number
  model: string
  /** Makes item ids: `msg_…`, `rs_…`, `fc_…`. */
  newId: (prefix: string) => string
  targets: Map<string, ToolTarget>
}

/** The request's parameters as OpenAI echoes them on the response object. */
export function echoOf(request: CreateRequest): Record<string, unknown> {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store !== false,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: (request as { truncation?: unknown }).truncation ?? 'disabled',
    user: request.user ?? null,
    background: false,
  }
}

/** A response object around `output`; `status` decides `incomplete_details`. */
export function toResponseObject(meta: ResponseMeta, echo: Record<string, unknown>, status: ResponseObject['status'], output: OutputItem[], usage: Usage | null, stop?: StopKind): ResponseObject {
  const incomplete = status === 'incomplete' ? { reason: stop === 'content_filter' ? 'content_filter' : 'max_output_tokens' } : null
  return {
    id: meta.id, object: 'response', created_at: meta.createdAt, status, error: null, incomplete_details: incomplete,
    model: meta.model, output, usage, ...echo,
  }
}

/** Responses usage from any Puter usage family. */
export function toUsage(counts: TokenCounts): Usage {
  return {
    input_tokens: counts.input,
    input_tokens_details: { cached_tokens: counts.cachedInput },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: counts.reasoning },
    total_tokens: counts.input + counts.output,
  }
}

/** A called tool as the item the client expects: a function call (with its namespace) or a custom tool call. */
export function toCallItem(meta: ResponseMeta, call: { id: string; name: string; input: unknown }): OutputItem {
  const target = meta.targets.get(call.name)
  if (target?.kind === 'custom') {
    // Puter holds the arguments as an object, or (OpenAI-family results) as a JSON string.
    const input = toInputObject(call.input).input ?? (typeof call.input === 'string' ? call.input : '')
    return { id: meta.newId('ctc'), type: 'custom_tool_call', status: 'completed', call_id: call.id, name: target.name, input: typeof input === 'string' ? input : JSON.stringify(input ?? '') }
  }
  const item: OutputItem = { id: meta.newId('fc'), type: 'function_call', status: 'completed', call_id: call.id, name: target?.name ?? call.name, arguments: toArgumentsString(call.input) }
  if (target?.namespace) item.namespace = target.namespace
  return item
}

export const reasoningItem = (id: string, text: string): OutputItem => ({ id, type: 'reasoning', summary: text === '' ? [] : [{ type: 'summary_text', text }] })
export const messageItem = (id: string, text: string, status = 'completed'): OutputItem =>
  ({ id, type: 'message', status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] })

/** Builds a `response` from a non-stream Puter result of any shape. */
export function toResponse(result: unknown, meta: ResponseMeta, echo: Record<string, unknown>): ResponseObject {
  const read = readResult(result)
  const output: OutputItem[] = []
  if (read.reasoning) output.push(reasoningItem(meta.newId('rs'), read.reasoning))
  if (read.text || read.toolCalls.length === 0) output.push(messageItem(meta.newId('msg'), read.text))
  for (const call of read.toolCalls) output.push(toCallItem(meta, call))
  const status = read.stop === 'length' || read.stop === 'content_filter' ? 'incomplete' : 'completed'
  return toResponseObject(meta, echo, status, output, toUsage(read.usage), read.stop)
}
