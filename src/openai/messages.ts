/**
 * OpenAI messages → Puter messages, in one of three modes:
 * - `raw` keeps every message and every content part;
 * - `standard` reshapes the conversation into what every provider accepts;
 * - `full` flattens it into one user message, for models that take one turn.
 * Every mode then writes messages that survive Puter's normalisation (§4.1).
 */
import type { MessageMode } from '../config.ts'
import type { ChatMessage, ContentPart } from './schema.ts'

type Role = ChatMessage['role']
type Content = string | ContentPart[]

/** A message on its way to Puter: OpenAI roles, content as Puter accepts it. */
export interface PuterChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string | Record<string, unknown>[]
  [key: string]: unknown
}

/** Inserted when a conversation would otherwise start with an assistant or tool turn. */
export const CONVERSATION_START = '[conversation start]'

/** Translates `messages` for Puter in `mode`. Pure. */
export function toPuterMessages(messages: readonly ChatMessage[], mode: MessageMode): PuterChatMessage[] {
  const cleaned = messages.map(withPuterRole).filter((m) => !isEmpty(m))
  const shaped = mode === 'standard' ? toStandard(cleaned) : mode === 'full' ? toFull(cleaned) : cleaned
  return shaped.map(toPuterMessage)
}

// developer is OpenAI's newer name for system; function is the legacy name for tool.
function withPuterRole(m: ChatMessage): ChatMessage {
  if (m.role === 'developer') return { ...m, role: 'system' }
  if (m.role === 'function') return { ...m, role: 'tool', tool_call_id: m.tool_call_id ?? m.name }
  // SDKs echo a refusal back as `refusal` with null content; the words are still the assistant's turn.
  if (m.role === 'assistant' && !m.content && typeof m.refusal === 'string' && m.refusal !== '') return { ...m, content: m.refusal }
  return m
}

/** Puter rejects a falsy content without tool calls with a 400, so such turns carry nothing to keep. */
function isEmpty(m: ChatMessage): boolean {
  if (m.tool_calls && m.tool_calls.length > 0) return false
  if (m.role === 'tool') return false
  const c = m.content
  if (c === null || c === undefined || c === '') return true
  return Array.isArray(c) && c.every((p) => p.type === 'text' && p.text === '')
}

// ---------- standard ----------
function toStandard(messages: ChatMessage[]): ChatMessage[] {
  const systems = messages.filter((m) => m.role === 'system')
  const turns: ChatMessage[] = []
  for (const m of messages) {
    if (m.role === 'system') continue
    const prev = turns.at(-1)
    if (prev && canMerge(prev, m)) turns[turns.length - 1] = merge(prev, m)
    else turns.push(m)
  }
  if (turns.length > 0 && turns[0]!.role !== 'user') turns.unshift({ role: 'user', content: CONVERSATION_START })
  if (systems.length === 0) return turns
  const system = systems.reduce((a, b) => merge(a, b))
  return [{ role: 'system', content: system.content ?? '' }, ...turns]
}

// A tool-call turn must stay directly before its results, so nothing merges into it.
function canMerge(prev: ChatMessage, next: ChatMessage): boolean {
  if (prev.role !== next.role || prev.role === 'tool') return false
  return !(prev.tool_calls && prev.tool_calls.length > 0)
}

function merge(a: ChatMessage, b: ChatMessage): ChatMessage {
  const ca = a.content ?? ''
  const cb = b.content ?? ''
  const content: Content =
    typeof ca === 'string' && typeof cb === 'string'
      ? [ca, cb].filter((s) => s !== '').join('\n\n')
      : [...asParts(ca), ...asParts(cb)]
  return { ...a, ...b, content }
}

function asParts(content: Content): ContentPart[] {
  if (typeof content !== 'string') return content
  return content === '' ? [] : [{ type: 'text', text: content }]
}

// ---------- full ----------
function toFull(messages: ChatMessage[]): ChatMessage[] {
  const lines: string[] = []
  const media: ContentPart[] = []
  for (const m of messages) {
    const text = textOf(m.content)
    const label = m.role === 'tool' ? `tool result${m.tool_call_id ? ` for ${m.tool_call_id}` : ''}` : m.role
    if (text !== '') lines.push(`[${label}] ${text}`)
    for (const call of m.tool_calls ?? []) {
      lines.push(`[assistant called ${call.function.name} (id ${call.id})] ${call.function.arguments}`)
    }
    if (Array.isArray(m.content)) media.push(...m.content.filter((p) => p.type !== 'text' && p.type !== 'refusal'))
  }
  const text = lines.join('\n\n')
  return [{ role: 'user', content: media.length > 0 ? [{ type: 'text', text }, ...media] : text }]
}

/** The text of a content: a string as is, or the text and refusal parts joined. */
export function textOf(content: Content | null | undefined): string {
  if (content === null || content === undefined) return ''
  if (typeof content === 'string') return content
  return content
    .map((p) => (p.type === 'text' ? p.text : p.type === 'refusal' ? p.refusal : ''))
    .filter((t) => t !== '')
    .join('\n')
}

// ---------- to Puter ----------
/**
 * Message fields Puter's providers understand. SDKs echo response-only fields
 * (`refusal`, `parsed`, `annotations`, `audio`) back in history, and strict
 * upstreams such as Anthropic reject unknown message fields.
 */
const FORWARDED_FIELDS = ['name', 'cache_control'] as const

function toPuterMessage(m: ChatMessage): PuterChatMessage {
  const { role, content, tool_calls, tool_call_id } = m
  const rest: Record<string, unknown> = {}
  for (const key of FORWARDED_FIELDS) if (m[key] !== undefined && m[key] !== null) rest[key] = m[key]
  if (role === 'tool') {
    return { ...rest, role: 'tool', tool_call_id: tool_call_id ?? '', content: textOf(content) }
  }
  const puterRole = role as 'system' | 'user' | 'assistant'
  if (role === 'assistant' && tool_calls && tool_calls.length > 0) {
    // Puter re-encodes string arguments (§4.1); Puter-native tool_use blocks with object input survive every provider.
    const blocks: Record<string, unknown>[] = asParts(content ?? '').map(toPuterPart)
    for (const call of tool_calls) {
      blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) })
    }
    return { ...rest, role: puterRole, content: blocks }
  }
  return { ...rest, role: puterRole, content: typeof content === 'string' ? content : (content ?? []).map(toPuterPart) }
}

function toPuterPart(part: ContentPart): Record<string, unknown> {
  // Puter has no refusal part; the words still belong to the assistant's turn.
  if (part.type === 'refusal') return { type: 'text', text: part.refusal }
  return part
}

function parseArguments(args: string): unknown {
  if (args.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(args)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : args
  } catch {
    return args
  }
}

export type { Role }
