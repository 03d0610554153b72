/**
 * Reads a non-stream Puter chat result, whichever of its three shapes (§5):
 * OpenAI-family `choices[0]`-like, Claude's raw message, or Responses-style.
 * Every client surface builds its answer from this one reading.
 */
import { readUsage, type TokenCounts } from './usage.ts'
import type { PuterBlock, PuterChatResult, PuterMessage, PuterToolCall, PuterUsage } from './wire.ts'

export interface ResultToolCall {
  id: string
  name: string
  /** The arguments as Puter holds them: usually an object, sometimes a JSON string. */
  input: unknown
}

/** Why the model stopped, in terms both surfaces can express. */
export type StopKind = 'end' | 'length' | 'tool_calls' | 'content_filter' | 'stop_sequence'

export interface ReadResult {
  text: string
  reasoning: string
  toolCalls: ResultToolCall[]
  refusal: string | null
  annotations: unknown[]
  stop: StopKind
  usage: TokenCounts
}

/** Reads any Puter result; an unexpected shape reads as an empty answer rather than a crash. */
export function readResult(result: unknown): ReadResult {
  const r: PuterChatResult = typeof result === 'string' ? { message: { content: result } } : ((result ?? {}) as PuterChatResult)
  const message: PuterMessage = r.message ?? (r as PuterMessage)
  const blocks: PuterBlock[] = Array.isArray(message.content) ? message.content : []
  const toolCalls = [
    ...(message.tool_calls ?? []).map(fromToolCall),
    ...blocks.filter((b) => b.type === 'tool_use').map(fromToolUseBlock),
  ]
  return {
    text: typeof message.content === 'string' ? message.content : joinBlocks(blocks, 'text'),
    reasoning: firstText(message.reasoning_content, message.reasoning) ?? joinBlocks(blocks, 'thinking'),
    toolCalls,
    refusal: typeof message.refusal === 'string' ? message.refusal : null,
    annotations: Array.isArray(message.annotations) ? message.annotations : [],
    stop: toStopKind(toolCalls.length > 0, message.stop_reason, r.finish_reason),
    usage: readUsage(r.usage ?? (message.usage as PuterUsage | undefined)),
  }
}

/**
 * Tool calls always win (Claude results say `stop` even then); otherwise the
 * most specific reason given, Claude's `stop_reason` before Puter's `finish_reason`.
 */
export function toStopKind(hasToolCalls: boolean, ...reasons: unknown[]): StopKind {
  if (hasToolCalls) return 'tool_calls'
  for (const reason of reasons) {
    if (typeof reason !== 'string') continue
    const r = reason.toLowerCase()
    if (r === 'length' || r === 'max_tokens' || r === 'max_output_tokens' || r === 'model_context_window_exceeded') return 'length'
    if (r === 'content_filter' || r === 'refusal' || r === 'safety') return 'content_filter'
    if (r === 'tool_calls' || r === 'tool_use') return 'tool_calls'
    if (r === 'stop_sequence') return 'stop_sequence'
  }
  return 'end'
}

/** Tool arguments as a JSON string, whatever Puter held. */
export function toArgumentsString(input: unknown): string {
  if (typeof input === 'string') return input
  return JSON.stringify(input ?? {})
}

/** Tool arguments as an object, whatever Puter held (a string that is not a JSON object becomes `{}`). */
export function toInputObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>
  if (typeof input === 'string') {
    try {
      const parsed: unknown = JSON.parse(input)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // not JSON: fall through
    }
  }
  return {}
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

function fromToolCall(call: PuterToolCall, i: number): ResultToolCall {
  return { id: call.id ?? `call_${i}`, name: call.function?.name ?? '', input: call.function?.arguments }
}

function fromToolUseBlock(block: PuterBlock, i: number): ResultToolCall {
  return { id: block.id ?? `call_${i}`, name: block.name ?? '', input: block.input }
}
