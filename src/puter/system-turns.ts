/**
 * System turns in the middle of a conversation (Claude Code's reminders,
 * `developer` items of the Responses API, mid-chat `system` messages), placed
 * where their text survives Puter (§4.1):
 * - Puter's Claude provider keeps only the first system message, so for
 *   Claude-family targets a later system turn is folded into the next user
 *   turn as a marked text block (as Claude Code does for models that cannot
 *   take system turns), or into the leading system message when no user turn
 *   follows.
 * - OpenAI-family providers take system messages anywhere, but never between
 *   an assistant's tool calls and their results: such a turn moves to just
 *   after the results.
 * Pure: messages in, messages out.
 */
import type { PuterChatMessage } from '../openai/messages.ts'

/** How a folded system turn is marked inside a user turn. */
export const reminder = (text: string): string => `<system-reminder>\n${text}\n</system-reminder>`

/** Whether `model` is served by Puter's Claude provider (by name: `claude-…`, `anthropic/…`). */
export function isClaudeFamily(model: string): boolean {
  return /claude|anthropic/i.test(model)
}

/** The text of a message's content. */
function textOf(content: PuterChatMessage['content']): string {
  if (typeof content === 'string') return content
  return content.map((p) => (typeof p.text === 'string' ? p.text : '')).filter((t) => t !== '').join('\n')
}

/** Places every system turn after the first non-system one where the target keeps it; see the module comment. */
export function placeSystemTurns(messages: PuterChatMessage[], claudeTarget: boolean): PuterChatMessage[] {
  const first = messages.findIndex((m) => m.role !== 'system')
  if (first === -1 || !messages.slice(first).some((m) => m.role === 'system')) return messages
  const out: PuterChatMessage[] = messages.slice(0, first)
  let pending: string[] = []

  for (const m of messages.slice(first)) {
    if (m.role === 'system') {
      const text = textOf(m.content)
      if (text !== '') pending.push(text)
      continue
    }
    if (pending.length > 0 && m.role !== 'tool') {
      if (!claudeTarget) {
        for (const text of pending) out.push({ role: 'system', content: text })
        pending = []
      } else if (m.role === 'user') {
        const reminders = pending.map((text) => ({ type: 'text', text: reminder(text) }))
        const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content
        out.push({ ...m, content: [...reminders, ...parts] })
        pending = []
        continue
      }
    }
    out.push(m)
  }
  if (pending.length === 0) return out
  if (!claudeTarget) return [...out, ...pending.map((text) => ({ role: 'system' as const, content: text }))]
  // No user turn follows: the leading system message is the one place left that Claude's provider reads.
  const lead = out[0]?.role === 'system' ? out.shift()! : undefined
  const joined = [lead ? textOf(lead.content) : '', ...pending.map(reminder)].filter((t) => t !== '').join('\n\n')
  return [{ role: 'system', content: joined }, ...out]
}
