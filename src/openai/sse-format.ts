/** OpenAI's SSE dialect: `data: <chunk>` frames, `data: [DONE]` last, errors as `data: {"error":...}`. */
import { fromStreamFailure } from '../errors.ts'
import { dataFrame, type SseFormat } from '../sse.ts'

export const OPENAI_SSE: SseFormat = {
  frame: dataFrame,
  error: (err) => dataFrame(fromStreamFailure(err).toBody()),
  done: 'data: [DONE]\n\n',
  ping: ': ping\n\n',
}
