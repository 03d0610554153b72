/**
 * Pure translation of chat completions: an OpenAI request → Puter `complete`
 * args, and a non-stream Puter result (any of its three shapes, §5) → an
 * OpenAI `chat.completion`.
 */
import type { MessageMode } from '../config.ts'
import { ProxyError } from '../errors.ts'
import { readResult, toArgumentsString, toStopKind, type StopKind } from '../puter/result.ts'
import { isClaudeFamily, placeSystemTurns } from '../puter/system-turns.ts'
import { readUsage, type TokenCounts } from '../puter/usage.ts'
import type { PuterUsage } from '../puter/wire.ts'
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
  args.messages = placeSystemTurns(toPuterMessages(request.messages, mode), isClaudeFamily(request.model))
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
  return fromTokenCounts(readUsage(usage))
}

function fromTokenCounts(counts: TokenCounts): Usage {
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

const FINISH: Record<StopKind, FinishReason> = { end: 'stop', stop_sequence: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter' }

/** OpenAI's finish_reason for a Puter stop; see `toStopKind`. */
export function toFinishReason(hasToolCalls: boolean, ...reasons: unknown[]): FinishReason {
  return FINISH[toStopKind(hasToolCalls, ...reasons)]
}

/** Builds a `chat.completion` from a non-stream Puter result of any shape. */
export function toChatCompletion(result: unknown, meta: CompletionMeta): ChatCompletion {
  const read = readResult(result)
  const toolCalls: ToolCall[] = read.toolCalls.map((call) => ({
    id: call.id, type: 'function', function: { name: call.name, arguments: toArgumentsString(call.input) },
  }))
  const out: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: read.text === '' && toolCalls.length > 0 ? null : read.text,
    refusal: read.refusal,
  }
  if (read.reasoning) out.reasoning_content = read.reasoning
  if (toolCalls.length > 0) out.tool_calls = toolCalls
  if (read.annotations.length > 0) out.annotations = read.annotations

  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: out, logprobs: null, finish_reason: FINISH[read.stop] }],
    usage: fromTokenCounts(read.usage),
  }
}
