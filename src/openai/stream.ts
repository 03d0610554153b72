/**
 * Pure translation of a Puter NDJSON event stream into OpenAI
 * `chat.completion.chunk` objects: the role first, one chunk per delta,
 * `finish_reason` last, then the usage chunk when it was asked for.
 * Events arrive in batches (the lines of one read) and leave as batches of
 * chunks, so the SSE writer sends each batch in one write.
 * A failure reported by Puter is thrown, for the SSE writer to frame in-band.
 */
import { ProxyError } from '../errors.ts'
import { asEvent, midStreamError } from '../puter/events.ts'
import type { PuterUsage } from '../puter/wire.ts'
import { toArgumentsString } from '../puter/result.ts'
import type { StreamTranslator } from '../sse.ts'
import { toUsage, type CompletionMeta } from './chat.ts'
import type { ChatCompletion, ChatCompletionChunk, Usage } from './schema.ts'

type Delta = ChatCompletionChunk['choices'][number]['delta']
type Finish = ChatCompletionChunk['choices'][number]['finish_reason']

export interface StreamMeta extends CompletionMeta {
  /** `stream_options.include_usage`: add a final chunk with empty `choices` and the usage. */
  includeUsage: boolean
  /** Told the usage once the stream completed, whether or not the client asked for it. */
  onUsage?: (usage: Usage) => void
}

/** A translator from Puter event batches to OpenAI chunks for one stream; throws a ProxyError when the stream fails. */
export function createChunkTranslator(meta: StreamMeta): StreamTranslator<ChatCompletionChunk> {
  const chunk = (delta: Delta, finish: Finish = null): ChatCompletionChunk => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })
  const state: StreamState = { toolCalls: 0, usage: undefined, sawUsage: false }
  return {
    start: () => [chunk({ role: 'assistant', content: '' })],
    push(events, out) {
      for (const event of events) translateEvent(event, state, out, chunk)
    },
    end(out) {
      // Puter ends every successful stream with a usage line; without it the stream was cut short.
      if (!state.sawUsage) {
        throw new ProxyError(502, 'api_error', 'upstream_stream_error',
          'The Puter stream ended before it was complete; the answer may be cut off.')
      }
      const usage = toUsage(state.usage)
      meta.onUsage?.(usage)
      out.push(chunk({}, state.toolCalls > 0 ? 'tool_calls' : 'stop'))
      if (meta.includeUsage) out.push({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [], usage })
    },
  }
}

interface StreamState {
  toolCalls: number
  usage: PuterUsage | undefined
  sawUsage: boolean
}

/** One Puter event → the chunks it becomes (appended to `out`); an error line throws. */
function translateEvent(event: unknown, state: StreamState, out: ChatCompletionChunk[], chunk: (delta: Delta) => ChatCompletionChunk): void {
  const e = asEvent(event)
  switch (e.type) {
    case 'text':
      if (typeof e.text === 'string' && e.text !== '') out.push(chunk({ content: e.text }))
      break
    case 'reasoning':
      if (typeof e.reasoning === 'string' && e.reasoning !== '') out.push(chunk({ reasoning_content: e.reasoning }))
      break
    case 'tool_use':
      // Puter sends each tool call whole, its input already parsed.
      out.push(chunk({
        tool_calls: [{
          index: state.toolCalls,
          id: typeof e.id === 'string' ? e.id : `call_${state.toolCalls}`,
          type: 'function',
          function: { name: typeof e.name === 'string' ? e.name : '', arguments: toArgumentsString(e.input) },
        }],
      }))
      state.toolCalls++
      break
    case 'usage':
      state.usage = e.usage as PuterUsage | undefined
      state.sawUsage = true
      break
    case 'error':
      throw midStreamError(e, typeof e.code === 'string' ? e.code : undefined)
    default:
      // extra_content (Gemini metadata), compaction and future types carry nothing an OpenAI client reads.
      break
  }
}

/** A finished completion as the chunks a stream would have carried, for when Puter answers a stream request with JSON. */
export function replayChunks(completion: ChatCompletion, includeUsage: boolean): ChatCompletionChunk[] {
  const { id, created, model } = completion
  const choice = completion.choices[0]!
  const chunk = (delta: Delta, finish: Finish = null): ChatCompletionChunk =>
    ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })
  const out = [chunk({ role: 'assistant', content: '' })]
  if (choice.message.reasoning_content) out.push(chunk({ reasoning_content: choice.message.reasoning_content }))
  if (choice.message.content) out.push(chunk({ content: choice.message.content }))
  const calls = choice.message.tool_calls ?? []
  if (calls.length > 0) out.push(chunk({ tool_calls: calls.map((c, index) => ({ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })) }))
  out.push(chunk({}, choice.finish_reason))
  if (includeUsage) out.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: completion.usage })
  return out
}
