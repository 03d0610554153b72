/**
 * Legacy completions (`POST /v1/completions`), pure: a prompt becomes one user
 * message; the answer is a `text_completion`, and a stream is the chat chunk
 * translator's output reshaped into `text_completion` chunks. Parameters that
 * need token-level access Puter does not give (`echo`, `logprobs`, `suffix`,
 * `best_of`, `n > 1`) are refused by name.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ProxyError } from '../errors.ts'
import type { StreamTranslator } from '../sse.ts'
import { toChatCompletion, type CompletionMeta } from './chat.ts'
import { EXAMPLE_MODEL, type ChatCompletionChunk, type Usage } from './schema.ts'
import { createChunkTranslator } from './stream.ts'

const Open = { additionalProperties: true } as const
const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const CompletionRequest = Type.Object({
  model: Type.String({ minLength: 1 }),
  prompt: Type.Unknown({ description: 'A string, or a list holding one string.' }),
  max_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  temperature: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  stop: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(Type.String())]))),
  stream: Type.Optional(Nullable(Type.Boolean())),
  stream_options: Type.Optional(Nullable(Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, Open))),
  n: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
}, { ...Open, description: 'A legacy completion request.', examples: [{ model: EXAMPLE_MODEL, prompt: 'Once upon a time', max_tokens: 64 }] })
export type CompletionRequest = Static<typeof CompletionRequest>

export const TextCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal('text_completion'),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(Type.Object({ text: Type.String(), index: Type.Integer(), logprobs: Type.Null(), finish_reason: Nullable(Type.String()) })),
  usage: Type.Optional(Type.Unknown()),
}, { description: 'A legacy completion, or one chunk of a streamed one (then `usage` only in the last, when asked for).' })
export type TextCompletion = Static<typeof TextCompletion>

/** Fields answered here, or that would change Puter's call. */
const NOT_FORWARDED = new Set(['prompt', 'stream', 'stream_options', 'n', 'echo', 'logprobs', 'suffix', 'best_of', 'auth_token'])

/** Puter args for a legacy completion; what Puter cannot do is a 400 naming the parameter. */
export function toPuterArgs(request: CompletionRequest): Record<string, unknown> {
  const r = request as Record<string, unknown>
  const refuse = (param: string, why: string) => new ProxyError(400, 'invalid_request_error', 'unsupported_parameter', `\`${param}\` is not supported: ${why}`, param)
  if (r.echo === true) throw refuse('echo', 'Puter returns only the new text.')
  if (r.logprobs !== undefined && r.logprobs !== null && r.logprobs !== 0) throw refuse('logprobs', 'Puter returns no log probabilities.')
  if (typeof r.suffix === 'string' && r.suffix !== '') throw refuse('suffix', 'Puter has no insertion mode.')
  if (typeof r.best_of === 'number' && r.best_of > 1) throw refuse('best_of', 'Puter returns one completion per request.')
  if (typeof request.n === 'number' && request.n > 1) throw refuse('n', 'Puter returns one completion per request; send several requests.')
  const prompt = Array.isArray(request.prompt) && request.prompt.length === 1 ? request.prompt[0] : request.prompt
  if (typeof prompt !== 'string' || prompt === '') {
    throw new ProxyError(400, 'invalid_request_error', 'invalid_value', '`prompt` must be a non-empty string, or a list holding one string (token arrays and batches are not supported).', 'prompt')
  }
  const args: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) if (!NOT_FORWARDED.has(key) && value !== null && value !== undefined) args[key] = value
  args.messages = [{ role: 'user', content: prompt }]
  args.stream = request.stream === true
  return args
}

/** A `text_completion` from a non-stream Puter result of any shape. */
export function toTextCompletion(result: unknown, meta: CompletionMeta): TextCompletion & { usage: Usage } {
  const chat = toChatCompletion(result, meta)
  const choice = chat.choices[0]!
  return {
    id: meta.id, object: 'text_completion', created: meta.created, model: meta.model,
    choices: [{ text: choice.message.content ?? '', index: 0, logprobs: null, finish_reason: choice.finish_reason }],
    usage: chat.usage,
  }
}

/** Streams `text_completion` chunks: the chat translator's chunks with their text moved to `text`. */
export function createTextTranslator(meta: CompletionMeta & { includeUsage: boolean; onUsage?: (usage: Usage) => void }): StreamTranslator<TextCompletion> {
  const chat = createChunkTranslator(meta)
  const reshape = (chunks: ChatCompletionChunk[], out: TextCompletion[]) => {
    for (const chunk of chunks) {
      const choice = chunk.choices[0]
      const base = { id: meta.id, object: 'text_completion' as const, created: meta.created, model: meta.model }
      if (!choice) out.push({ ...base, choices: [], usage: chunk.usage })
      else if (choice.finish_reason !== null) out.push({ ...base, choices: [{ text: '', index: 0, logprobs: null, finish_reason: choice.finish_reason === 'tool_calls' ? 'stop' : choice.finish_reason }] })
      else if (choice.delta.content) out.push({ ...base, choices: [{ text: choice.delta.content, index: 0, logprobs: null, finish_reason: null }] })
      // The role chunk, reasoning and tool calls have no place in a text completion.
    }
  }
  return {
    start: () => {
      const out: TextCompletion[] = []
      reshape(chat.start(), out)
      return out
    },
    push(events, out) {
      const chunks: ChatCompletionChunk[] = []
      try {
        chat.push(events, chunks)
      } finally {
        reshape(chunks, out)
      }
    },
    end(out) {
      const chunks: ChatCompletionChunk[] = []
      try {
        chat.end(chunks)
      } finally {
        reshape(chunks, out)
      }
    },
  }
}
