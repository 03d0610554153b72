/**
 * Anthropic `system` and `messages` → Puter messages (§4.1), pure.
 * - `tool_use` blocks are already Puter's native form and pass as they are.
 * - `tool_result` blocks become `role: "tool"` messages, placed first in their
 *   turn so they follow the assistant's call, as OpenAI-family upstreams need.
 * - Images go as Anthropic blocks to Claude models, and as `image_url` data
 *   URLs to every other model (Puter does not convert between the two).
 * - `thinking` blocks in history are dropped: their signatures are not Puter's.
 */
import type { PuterChatMessage } from '../openai/messages.ts'
import { isClaudeFamily, placeSystemTurns } from '../puter/system-turns.ts'
import { KNOWN_BLOCK_TYPES, type ContentBlockParam, type MessageParam, type MessagesRequest } from './schema.ts'

type Part = Record<string, unknown>
const KNOWN = new Set<string>(KNOWN_BLOCK_TYPES)

/** Whether images and documents should stay in Anthropic's own block shape for `model`. */
export const takesAnthropicBlocks = isClaudeFamily

/** Translates the system prompt and messages for Puter. */
export function toPuterMessages(system: MessagesRequest['system'], messages: readonly MessageParam[], nativeBlocks: boolean): PuterChatMessage[] {
  const out: PuterChatMessage[] = []
  const systemText = typeof system === 'string' ? system : (system ?? []).map((b) => b.text).join('\n\n')
  if (systemText !== '') out.push({ role: 'system', content: systemText })

  for (const message of messages) {
    if (message.role === 'system') {
      const text = typeof message.content === 'string' ? message.content : message.content.map((b) => ('text' in b && typeof b.text === 'string' ? b.text : '')).filter((t) => t !== '').join('\n\n')
      if (text !== '') out.push({ role: 'system', content: text })
      continue
    }
    if (typeof message.content === 'string') {
      if (message.content !== '') out.push({ role: message.role, content: message.content })
      continue
    }
    const parts: Part[] = []
    const followUps: Part[] = []
    for (const block of message.content) {
      if (block.type === 'tool_result') {
        const { text, media } = splitToolResult(block, nativeBlocks)
        out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: block.is_error ? `Error: ${text}` : text })
        // Images a tool returned reach the model in a user turn of their own, right after the results.
        followUps.push(...media)
      } else {
        const part = toPuterPart(block, nativeBlocks)
        if (part) parts.push(part)
      }
    }
    if (followUps.length > 0) out.push({ role: 'user', content: followUps })
    if (parts.length > 0) out.push({ role: message.role, content: parts })
  }
  // A nativeBlocks target is Puter's Claude provider, which reads only the first system message.
  return placeSystemTurns(out, nativeBlocks)
}

function toPuterPart(block: ContentBlockParam, nativeBlocks: boolean): Part | undefined {
  switch (block.type) {
    case 'text': {
      if (block.text === '') return undefined
      // Claude's prompt caching: a breakpoint on a text block stays on it (Puter's Claude provider passes it on).
      const cache = (block as { cache_control?: unknown }).cache_control
      return nativeBlocks && cache ? { type: 'text', text: block.text, cache_control: cache } : { type: 'text', text: block.text }
    }
    case 'image':
      return nativeBlocks ? block : toImageUrl(block.source)
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input ?? {} }
    case 'thinking':
    case 'redacted_thinking':
      return undefined
    case 'document': {
      // A plain-text document is text to every model; other sources stay Anthropic blocks.
      const source = block.source as { type?: string; data?: unknown }
      return !nativeBlocks && source.type === 'text' && typeof source.data === 'string' ? { type: 'text', text: source.data } : block as Part
    }
    default: {
      // A block type we do not model (server tool calls, search results, …): its text survives, the rest cannot reach Puter's providers.
      const other = block as Part
      if (KNOWN.has(String(other.type))) return other
      const text = textOfBlock(other)
      return text === '' ? undefined : { type: 'text', text }
    }
  }
}

/** The text a block carries: `text`, or the text blocks of its `content` (search results). */
function textOfBlock(block: Part): string {
  if (typeof block.text === 'string') return block.text
  if (typeof block.content === 'string') return block.content
  if (!Array.isArray(block.content)) return ''
  return (block.content as Part[]).map((c) => (c?.type === 'text' && typeof c.text === 'string' ? c.text : '')).filter((t) => t !== '').join('\n')
}

function toImageUrl(source: { type: string; media_type?: string; data?: string; url?: string }): Part {
  const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : (source.url ?? '')
  return { type: 'image_url', image_url: { url } }
}

function splitToolResult(block: Extract<ContentBlockParam, { type: 'tool_result' }>, nativeBlocks: boolean): { text: string; media: Part[] } {
  const content = block.content
  if (content === undefined) return { text: '', media: [] }
  if (typeof content === 'string') return { text: content, media: [] }
  const texts: string[] = []
  const media: Part[] = []
  for (const item of content as Part[]) {
    if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text)
    else if (item.type === 'image') media.push(nativeBlocks ? item : toImageUrl(item.source as { type: string }))
    else texts.push(JSON.stringify(item))
  }
  return { text: texts.join('\n'), media }
}
