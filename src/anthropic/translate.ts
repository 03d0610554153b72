/**
 * Pure translation of Anthropic Messages: a request → Puter `complete` args,
 * a non-stream Puter result → a `message`, and a Puter NDJSON event stream →
 * Anthropic's stream events (a failure is thrown, for the SSE writer to frame).
 */
import { ProxyError } from '../errors.ts'
import { asEvent, midStreamError } from '../puter/events.ts'
import { readResult, toInputObject, type StopKind } from '../puter/result.ts'
import { readUsage, type TokenCounts } from '../puter/usage.ts'
import type { PuterUsage } from '../puter/wire.ts'
import type { StreamTranslator } from '../sse.ts'
import { takesAnthropicBlocks, toPuterMessages } from './messages.ts'
import type { Message, MessagesRequest, StopReason, Tool, Usage } from './schema.ts'

/** Fields that are ours to interpret, or must never reach Puter from a client. */
const NOT_FORWARDED = new Set(['messages', 'system', 'stream', 'stop_sequences', 'thinking', 'tools', 'tool_choice', 'auth_token'])

/** Builds Puter `complete` args from a validated Messages request. */
export function toPuterArgs(request: MessagesRequest): Record<string, unknown> {
  const args: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) {
    if (!NOT_FORWARDED.has(key) && value !== null && value !== undefined) args[key] = value
  }
  args.messages = toPuterMessages(request.system, request.messages, takesAnthropicBlocks(request.model))
  args.stream = request.stream === true
  if (request.stop_sequences?.length) args.stop = request.stop_sequences
  // Server tools (web search, code execution, …) run at Anthropic: Puter's Claude provider may pass them on; no other provider can run them.
  const tools = (request.tools ?? []).filter((tool) => !isServerTool(tool) || takesAnthropicBlocks(request.model))
  if (tools.length > 0) args.tools = tools.map(toPuterTool)
  const choice = toToolChoice(request.tool_choice)
  if (choice !== undefined) args.tool_choice = choice
  const effort = toReasoningEffort(request.thinking, request.output_config)
  if (effort) args.reasoning_effort = effort
  return args
}

const isServerTool = (tool: Tool) => tool.type !== undefined && tool.type !== 'custom'

// Puter normalises tools to OpenAI's shape; server tools (with a `type`) pass as they are.
function toPuterTool(tool: Tool): Record<string, unknown> {
  if (isServerTool(tool)) return tool
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.input_schema ?? { type: 'object', properties: {} } } }
}

function toToolChoice(choice: MessagesRequest['tool_choice']): unknown {
  if (!choice) return undefined
  if (choice.type === 'any') return 'required'
  if (choice.type === 'tool' && choice.name) return { type: 'function', function: { name: choice.name } }
  return choice.type // auto, none
}

/**
 * Anthropic's thinking budget, or the `output_config.effort` that current
 * clients send with adaptive thinking → Puter's reasoning effort (which Puter's
 * Claude provider maps back to a budget or to adaptive thinking).
 */
export function toReasoningEffort(thinking: MessagesRequest['thinking'], outputConfig?: unknown): 'low' | 'medium' | 'high' | undefined {
  const said = (outputConfig as { effort?: unknown } | undefined)?.effort
  if (thinking?.type === 'disabled') return undefined
  if (typeof said === 'string' && said !== '') return said === 'low' || said === 'medium' ? said : said === 'minimal' ? 'low' : 'high'
  if (!thinking) return undefined
  const budget = thinking.budget_tokens ?? 4096
  return budget <= 2048 ? 'low' : budget <= 8192 ? 'medium' : 'high'
}

const STOP: Record<StopKind, StopReason> = { end: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal', stop_sequence: 'stop_sequence' }

/** Anthropic usage from any Puter usage family: `input_tokens` excludes cache reads and writes. */
export function toAnthropicUsage(counts: TokenCounts): Usage {
  return {
    input_tokens: Math.max(0, counts.input - counts.cachedInput - counts.cacheWrite),
    output_tokens: counts.output,
    cache_read_input_tokens: counts.cachedInput,
    cache_creation_input_tokens: counts.cacheWrite,
  }
}

export interface MessageMeta {
  id: string
  model: string
}

/** Builds a Messages `message` from a non-stream Puter result of any shape. */
export function toAnthropicMessage(result: unknown, meta: MessageMeta): Message {
  const read = readResult(result)
  const content: Message['content'] = []
  if (read.reasoning) content.push({ type: 'thinking', thinking: read.reasoning, signature: '' })
  if (read.text) content.push({ type: 'text', text: read.text })
  for (const call of read.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toInputObject(call.input) })
  if (content.length === 0) content.push({ type: 'text', text: '' })
  return {
    id: meta.id, type: 'message', role: 'assistant', model: meta.model, content,
    stop_reason: STOP[read.stop], stop_sequence: null, usage: toAnthropicUsage(read.usage),
  }
}

export interface StreamMeta extends MessageMeta {
  /** Sent in `message_start`, before Puter has reported usage. */
  inputTokensEstimate: number
  onUsage?: (usage: Usage) => void
}

type Block = 'thinking' | 'text'
type Event = Record<string, unknown>

/**
 * Anthropic stream events for Puter event batches: `message_start`, then a
 * content block per run of thinking, text, or per tool call (with correct
 * indexes), then `message_delta` with the stop reason and usage, and
 * `message_stop`. Each batch of Puter events leaves as one batch of events.
 */
export function createEventTranslator(meta: StreamMeta): StreamTranslator<Event> {
  const blocks = new BlockWriter()
  return {
    start: () => [{
      type: 'message_start',
      message: {
        id: meta.id, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null,
        usage: { input_tokens: meta.inputTokensEstimate, output_tokens: 0 },
      },
    }],
    push(events, out) {
      for (const event of events) blocks.write(event, out)
    },
    end(out) {
      if (!blocks.sawUsage) throw new ProxyError(502, 'api_error', 'upstream_stream_error', 'The Puter stream ended before it was complete; the answer may be cut off.')
      blocks.close(out)
      const final = toAnthropicUsage(readUsage(blocks.usage))
      meta.onUsage?.(final)
      out.push({ type: 'message_delta', delta: { stop_reason: blocks.toolCalls > 0 ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: final })
      out.push({ type: 'message_stop' })
    },
  }
}

/** Opens, feeds and closes content blocks as Puter events arrive. */
class BlockWriter {
  index = -1
  open: Block | undefined
  toolCalls = 0
  usage: PuterUsage | undefined
  sawUsage = false

  write(event: unknown, out: Event[]): void {
    const e = asEvent(event)
    if (e.type === 'text' && typeof e.text === 'string' && e.text !== '') {
      this.start('text', out)
      out.push({ type: 'content_block_delta', index: this.index, delta: { type: 'text_delta', text: e.text } })
    } else if (e.type === 'reasoning' && typeof e.reasoning === 'string' && e.reasoning !== '') {
      this.start('thinking', out)
      out.push({ type: 'content_block_delta', index: this.index, delta: { type: 'thinking_delta', thinking: e.reasoning } })
    } else if (e.type === 'tool_use') {
      // Puter sends each tool call whole: one block, one input_json_delta with all of it.
      this.close(out)
      const index = ++this.index
      this.toolCalls++
      out.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: e.id ?? `toolu_${index}`, name: e.name ?? '', input: {} } })
      out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(toInputObject(e.input)) } })
      out.push({ type: 'content_block_stop', index })
    } else if (e.type === 'usage') {
      this.usage = e.usage as PuterUsage | undefined
      this.sawUsage = true
    } else if (e.type === 'error') {
      throw midStreamError(e)
    }
    // extra_content, compaction and future types carry nothing Anthropic's stream has a place for.
  }

  close(out: Event[]): void {
    if (this.open) out.push({ type: 'content_block_stop', index: this.index })
    this.open = undefined
  }

  private start(block: Block, out: Event[]): void {
    if (this.open === block) return
    this.close(out)
    this.open = block
    out.push({ type: 'content_block_start', index: ++this.index, content_block: block === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' } })
  }
}
