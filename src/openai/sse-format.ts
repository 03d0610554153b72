/**
 * OpenAI's SSE dialect: `data: <chunk>` frames, `data: [DONE]` last, errors
 * as `data: {"error":...}`. One format per stream: it serialises only what
 * changes from chunk to chunk (the delta and finish_reason) and reuses the
 * stream's constant prefix (id, created, model), byte for byte what
 * JSON.stringify would write.
 */
import { fromStreamFailure } from '../errors.ts'
import { dataFrame, type SseFormat } from '../sse.ts'
import type { ChatCompletionChunk } from './schema.ts'

/** A format for one stream. */
export function createOpenAiSse(): SseFormat {
  let id: string | undefined
  let prefix = ''
  return {
    frame(value) {
      const chunk = value as ChatCompletionChunk
      const choice = chunk.choices?.length === 1 && chunk.usage === undefined ? chunk.choices[0] : undefined
      if (!choice || chunk.object !== 'chat.completion.chunk' || choice.index !== 0 || choice.logprobs !== null) return dataFrame(value)
      if (chunk.id !== id) {
        id = chunk.id
        prefix = `data: {"id":${JSON.stringify(chunk.id)},"object":"chat.completion.chunk","created":${chunk.created},"model":${JSON.stringify(chunk.model)},"choices":[{"index":0,"delta":`
      }
      const finish = choice.finish_reason === null ? 'null' : JSON.stringify(choice.finish_reason)
      return `${prefix}${JSON.stringify(choice.delta)},"logprobs":null,"finish_reason":${finish}}]}\n\n`
    },
    error: (err) => dataFrame(fromStreamFailure(err).toBody()),
    done: 'data: [DONE]\n\n',
    ping: ': ping\n\n',
  }
}
