/**
 * Pure translation of chat completions: an OpenAI request → Puter `complete`
 * args, and a non-stream Puter result (any of its three shapes, §5) → an
 * OpenAI `chat.completion`.
 */
import type { MessageMode } from '../config.ts'
import { ProxyError } from '../errors.ts'
import { readUsage } from '../puter/usage.ts'
import type { PuterBlock, PuterChatResult, PuterMessage, PuterToolCall, PuterUsage } from '../puter/wire.ts'
import { toPuterMessages } from './messages.ts'
import type { ChatCompletion, ChatCompletionRequest, FinishReason, ToolCall, Usage } from './schema.ts'

/** Fields that are ours to interpret, or must never reach Puter from a client (auth_token wins over the header there). */
const NOT_FORWARDED = new Set(['messages', 'stream', 'stream_options', 'n', 'max_completion_tokens', 'auth_token'])

/** Builds Puter `complete` args from a validated request. Throws a 400 ProxyError for what Puter cannot do. */
export function toPuterArgs(request: ChatCompletionRequest, mode: MessageMode): Record<string, unknown> {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new ProxyError(400, 'invalid_request_error', 'unsupported_parameter',
      'Puter returns one choice per request; `n` must be 1. Send several requests instead.', 'n')
  }
  request.tools?.forEach((tool, i) => {
    if (tool.type === 'function' && !tool.function?.name) {
      throw new ProxyError(400, 'invalid_request_error', 'invalid_value',
        'A function tool needs `function.name`.', `tools[${i}].function`)
    }
  })

  const args: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) {
    // null means "use the default" in OpenAI's API; Puter's providers read a null as a value.
    if (!NOT_FORWARDED.has(key) && value !== null && value !== undefined) args[key] = value
  }
  if (args.max_tokens === undefined && typeof request.max_completion_tokens === 'number') {
    args.max_tokens = request.max_completion_tokens
  }
  args.messages = toPuterMessages(request.messages, mode)
  args.stream = request.stream === true
  return args
}

/** The identity every chunk and completion of one response shares. */
export interface CompletionMeta {
  id: string
  created: number
  model: string
}

/** OpenAI usage from any Puter usage family. */
export function toUsage(usage: PuterUsage | undefined | null): Usage {
  const counts = readUsage(usage)
  const result: Usage = {
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
    prompt_tokens_details: { cached_tokens: counts.cachedInput },
    completion_tokens_details: { reasoning_tokens: counts.reasoning },
  }
  // toPrecision drops the float noise of cents → dollars (0.2145 / 100 is 0.0021449999…).
  if (counts.usdCents !== null) result.cost = Number((counts.usdCents / 100).toPrecision(12))
  return result
}

/** Builds a `chat.completion` from a non-stream Puter result of any shape. */
export function toChatCompletion(result: unknown, meta: CompletionMeta): ChatCompletion {
  const r: PuterChatResult = typeof result === 'string' ? { message: { content: result } } : ((result ?? {}) as PuterChatResult)
  const message: PuterMessage = r.message ?? (r as PuterMessage)
  const blocks: PuterBlock[] = Array.isArray(message.content) ? message.content : []

  const text = typeof message.content === 'string' ? message.content : joinBlocks(blocks, 'text')
  const reasoning = firstText(message.reasoning_content, message.reasoning) ?? joinBlocks(blocks, 'thinking')
  const toolCalls = [
    ...(message.tool_calls ?? []).map(fromOpenAiToolCall),
    ...blocks.filter((b) => b.type === 'tool_use').map(fromToolUseBlock),
  ]

  const out: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: typeof message.refusal === 'string' ? message.refusal : null,
  }
  if (reasoning) out.reasoning_content = reasoning
  if (toolCalls.length > 0) out.tool_calls = toolCalls
  if (Array.isArray(message.annotations) && message.annotations.length > 0) out.annotations = message.annotations

  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{
      index: 0,
      message: out,
      logprobs: null,
      finish_reason: toFinishReason(toolCalls.length > 0, message.stop_reason, r.finish_reason),
    }],
    usage: toUsage(r.usage ?? (message.usage as PuterUsage | undefined)),
  }
}

/**
 * Tool calls always win (Claude results say `stop` even then); otherwise the
 * most specific reason given, Claude's `stop_reason` before Puter's `finish_reason`.
 */
export function toFinishReason(hasToolCalls: boolean, ...reasons: unknown[]): FinishReason {
  if (hasToolCalls) return 'tool_calls'
  for (const reason of reasons) {
    if (typeof reason !== 'string') continue
    const r = reason.toLowerCase()
    if (r === 'length' || r === 'max_tokens' || r === 'max_output_tokens' || r === 'model_context_window_exceeded') return 'length'
    if (r === 'content_filter' || r === 'refusal' || r === 'safety') return 'content_filter'
    if (r === 'tool_calls' || r === 'tool_use') return 'tool_calls'
  }
  return 'stop'
}

function joinBlocks(blocks: PuterBlock[], type: 'text' | 'thinking'): string {
  return blocks
    .filter((b) => b.type === type || (type === 'text' && b.type === undefined && typeof b.text === 'string'))
    .map((b) => (type === 'text' ? b.text : b.thinking) ?? '')
    .join('')
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v !== '')
}

/** OpenAI `arguments` is a JSON string; Puter sometimes holds an object there. */
export function toArgumentsString(input: unknown): string {
  if (typeof input === 'string') return input
  return JSON.stringify(input ?? {})
}

function fromOpenAiToolCall(call: PuterToolCall, i: number): ToolCall {
  return {
    id: call.id ?? `call_${i}`,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: toArgumentsString(call.function?.arguments) },
  }
}

function fromToolUseBlock(block: PuterBlock, i: number): ToolCall {
  return {
    id: block.id ?? `call_${i}`,
    type: 'function',
    function: { name: block.name ?? '', arguments: toArgumentsString(block.input) },
  }
}
