/**
 * Folds a Puter NDJSON event stream into one non-stream result, in the
 * Claude-like block shape `toChatCompletion` already reads. Used when Puter
 * streams although no stream was asked for.
 */
import { ProxyError } from '../errors.ts'
import type { PuterBlock, PuterChatResult, PuterUsage } from './wire.ts'

/** Collects text, reasoning, tool calls and usage from batches of events; throws on an error line. */
export async function collectEvents(batches: AsyncIterable<unknown[]>): Promise<PuterChatResult> {
  let text = ''
  let thinking = ''
  const tools: PuterBlock[] = []
  let usage: PuterUsage | undefined
  for await (const batch of batches) for (const event of batch) {
    const e = (event ?? {}) as Record<string, unknown>
    if (e.type === 'text' && typeof e.text === 'string') text += e.text
    else if (e.type === 'reasoning' && typeof e.reasoning === 'string') thinking += e.reasoning
    else if (e.type === 'tool_use') tools.push({ type: 'tool_use', id: e.id as string, name: e.name as string, input: e.input })
    else if (e.type === 'usage') usage = (e.usage ?? {}) as PuterUsage
    else if (e.type === 'error') {
      throw new ProxyError(502, 'api_error', 'upstream_error',
        `Puter reported an error: ${typeof e.message === 'string' ? e.message : 'unknown error'}`)
    }
  }
  if (usage === undefined) {
    throw new ProxyError(502, 'api_error', 'upstream_stream_error', 'The Puter stream ended before it was complete.')
  }
  const content: PuterBlock[] = []
  if (thinking) content.push({ type: 'thinking', thinking })
  if (text) content.push({ type: 'text', text })
  content.push(...tools)
  return { message: { role: 'assistant', content }, usage }
}
