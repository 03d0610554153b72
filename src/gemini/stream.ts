/**
 * Puter NDJSON events → streamed GenerateContentResponse chunks, pure: each
 * batch of events becomes one chunk (its text runs joined, reasoning as
 * `thought` parts when asked for, each tool call a `functionCall` part), and
 * the last chunk carries `finishReason` and `usageMetadata`. A failure is
 * thrown, for the format to send as Google's error object.
 */
import { ProxyError } from '../errors.ts'
import { asEvent, midStreamError } from '../puter/events.ts'
import { toInputObject } from '../puter/result.ts'
import { readUsage } from '../puter/usage.ts'
import type { PuterUsage } from '../puter/wire.ts'
import type { StreamTranslator } from '../sse.ts'
import type { GenerateContentResponse, Part } from './schema.ts'
import { toUsageMetadata, type GeminiMeta } from './translate.ts'

export function createGeminiTranslator(meta: GeminiMeta, onUsage?: (usage: GenerateContentResponse['usageMetadata']) => void): StreamTranslator<GenerateContentResponse> {
  let usage: PuterUsage | undefined
  let sawUsage = false
  const chunk = (parts: Part[], extra: Partial<GenerateContentResponse['candidates'][number]> = {}): GenerateContentResponse => ({
    candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
    modelVersion: meta.model,
    responseId: meta.responseId,
  })
  return {
    start: () => [],
    push(events, out) {
      const parts: Part[] = []
      const add = (part: Part) => {
        const last = parts.at(-1)
        // Runs of one kind of text travel as one part.
        if (last && part.text !== undefined && last.text !== undefined && !last.functionCall && last.thought === part.thought) last.text += part.text
        else parts.push(part)
      }
      try {
        for (const event of events) {
          const e = asEvent(event)
          if (e.type === 'text' && typeof e.text === 'string' && e.text !== '') add({ text: e.text })
          else if (e.type === 'reasoning' && typeof e.reasoning === 'string' && e.reasoning !== '' && meta.includeThoughts) add({ text: e.reasoning, thought: true })
          else if (e.type === 'tool_use') parts.push({ functionCall: { name: typeof e.name === 'string' ? e.name : '', args: toInputObject(e.input), ...(typeof e.id === 'string' ? { id: e.id } : {}) } })
          else if (e.type === 'usage') {
            usage = e.usage as PuterUsage | undefined
            sawUsage = true
          } else if (e.type === 'error') {
            throw midStreamError(e)
          }
        }
      } finally {
        // What came before a failure still goes out ahead of the error.
        if (parts.length > 0) out.push(chunk(parts))
      }
    },
    end(out) {
      if (!sawUsage) throw new ProxyError(502, 'api_error', 'upstream_stream_error', 'The Puter stream ended before it was complete; the answer may be cut off.')
      const usageMetadata = toUsageMetadata(readUsage(usage))
      onUsage?.(usageMetadata)
      out.push({ ...chunk([], { finishReason: 'STOP' }), usageMetadata })
    },
  }
}
