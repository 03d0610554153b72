/**
 * The public OpenAI wire as TypeBox schemas. Routes validate against them and
 * the OpenAPI document is generated from them. Request objects allow unknown
 * properties so provider extras reach Puter (Elysia strips them otherwise).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

// ---------- content parts ----------
export const TextPart = Type.Object({ type: Type.Literal('text'), text: Type.String() }, { ...Open, title: 'TextPart' })
export const ImagePart = Type.Object({
  type: Type.Literal('image_url'),
  image_url: Type.Object({
    url: Type.String({ description: 'An http(s) URL or a `data:image/...;base64,` URL.' }),
    detail: Type.Optional(Type.String()),
  }, Open),
}, { ...Open, title: 'ImagePart' })
export const AudioPart = Type.Object({
  type: Type.Literal('input_audio'),
  input_audio: Type.Object({ data: Type.String(), format: Type.String() }, Open),
}, { ...Open, title: 'AudioPart' })
export const FilePart = Type.Object({
  type: Type.Literal('file'),
  file: Type.Object({}, Open),
}, { ...Open, title: 'FilePart' })
export const VideoPart = Type.Object({
  type: Type.Literal('video_url'),
  video_url: Type.Object({ url: Type.String() }, Open),
}, { ...Open, title: 'VideoPart', description: 'A Puter extension: a video URL for models that take video.' })
export const RefusalPart = Type.Object({ type: Type.Literal('refusal'), refusal: Type.String() }, { ...Open, title: 'RefusalPart' })
export const ContentPart = Type.Union([TextPart, ImagePart, AudioPart, FilePart, VideoPart, RefusalPart])
export type ContentPart = Static<typeof ContentPart>

// ---------- messages and tools ----------
export const ToolCall = Type.Object({
  id: Type.String(),
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String(), arguments: Type.String() }, Open),
}, Open)
export type ToolCall = Static<typeof ToolCall>

export const ChatMessage = Type.Object({
  role: Type.Union([
    Type.Literal('system'), Type.Literal('developer'), Type.Literal('user'),
    Type.Literal('assistant'), Type.Literal('tool'), Type.Literal('function'),
  ]),
  content: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(ContentPart)]))),
  name: Type.Optional(Type.String()),
  tool_calls: Type.Optional(Type.Array(ToolCall)),
  tool_call_id: Type.Optional(Type.String()),
  reasoning_content: Type.Optional(Nullable(Type.String())),
  refusal: Type.Optional(Nullable(Type.String())),
  cache_control: Type.Optional(Type.Object({}, Open)),
}, Open)
export type ChatMessage = Static<typeof ChatMessage>

export const Tool = Type.Object({
  type: Type.String({ description: '`function`, or a Puter tool type such as `web_search` (passed through).' }),
  function: Type.Optional(Type.Object({
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Object({}, Open)),
    strict: Type.Optional(Nullable(Type.Boolean())),
  }, Open)),
}, Open)
export type Tool = Static<typeof Tool>

// ---------- request ----------
export const ChatCompletionRequest = Type.Object({
  model: Type.String({ minLength: 1, description: 'Any Puter model id or alias, e.g. `gpt-5-nano` or `claude-sonnet-4-5`.' }),
  messages: Type.Array(ChatMessage, { minItems: 1 }),
  stream: Type.Optional(Nullable(Type.Boolean())),
  stream_options: Type.Optional(Nullable(Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, Open))),
  temperature: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  max_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  max_completion_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  n: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'Only 1 is supported.' }))),
  stop: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(Type.String())]))),
  tools: Type.Optional(Type.Array(Tool)),
  tool_choice: Type.Optional(Type.Union([Type.String(), Type.Object({}, Open)])),
  parallel_tool_calls: Type.Optional(Type.Boolean()),
  response_format: Type.Optional(Type.Object({ type: Type.String() }, Open)),
  seed: Type.Optional(Nullable(Type.Integer())),
  reasoning_effort: Type.Optional(Nullable(Type.String())),
  frequency_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  presence_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  user: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String({ description: 'Non-standard: pins a Puter provider, e.g. `openrouter` or `claude`.' })),
}, Open)
export type ChatCompletionRequest = Static<typeof ChatCompletionRequest>

// ---------- responses ----------
export const Usage = Type.Object({
  prompt_tokens: Type.Integer(),
  completion_tokens: Type.Integer(),
  total_tokens: Type.Integer(),
  prompt_tokens_details: Type.Optional(Type.Object({ cached_tokens: Type.Integer() })),
  completion_tokens_details: Type.Optional(Type.Object({ reasoning_tokens: Type.Integer() })),
  cost: Type.Optional(Type.Number({ description: 'What Puter charged for the request, in US dollars, when it reports it.' })),
})
export type Usage = Static<typeof Usage>

const FinishReason = Type.Union([Type.Literal('stop'), Type.Literal('length'), Type.Literal('tool_calls'), Type.Literal('content_filter')])
export type FinishReason = Static<typeof FinishReason>

export const ChatCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal('chat.completion'),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(Type.Object({
    index: Type.Integer(),
    message: Type.Object({
      role: Type.Literal('assistant'),
      content: Nullable(Type.String()),
      refusal: Nullable(Type.String()),
      reasoning_content: Type.Optional(Type.String()),
      tool_calls: Type.Optional(Type.Array(ToolCall)),
      annotations: Type.Optional(Type.Array(Type.Unknown())),
    }),
    logprobs: Type.Null(),
    finish_reason: FinishReason,
  })),
  usage: Usage,
})
export type ChatCompletion = Static<typeof ChatCompletion>

export const ChunkToolCall = Type.Object({
  index: Type.Integer(),
  id: Type.String(),
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String(), arguments: Type.String() }),
})

export const ChatCompletionChunk = Type.Object({
  id: Type.String(),
  object: Type.Literal('chat.completion.chunk'),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(Type.Object({
    index: Type.Integer(),
    delta: Type.Object({
      role: Type.Optional(Type.Literal('assistant')),
      content: Type.Optional(Nullable(Type.String())),
      reasoning_content: Type.Optional(Type.String()),
      tool_calls: Type.Optional(Type.Array(ChunkToolCall)),
    }),
    logprobs: Type.Optional(Type.Null()),
    finish_reason: Nullable(FinishReason),
  })),
  usage: Type.Optional(Nullable(Usage)),
})
export type ChatCompletionChunk = Static<typeof ChatCompletionChunk>

export const Model = Type.Object({
  id: Type.String(),
  object: Type.Literal('model'),
  created: Type.Integer({ description: 'Release date as a Unix timestamp; 0 when Puter does not say.' }),
  owned_by: Type.String({ description: 'The Puter provider that serves the model.' }),
  name: Type.Optional(Type.String()),
  aliases: Type.Array(Type.String()),
  context_length: Nullable(Type.Integer()),
  max_output_tokens: Nullable(Type.Integer()),
  input_modalities: Type.Array(Type.String()),
  output_modalities: Type.Array(Type.String()),
  supports_tools: Type.Boolean(),
})
export type Model = Static<typeof Model>

export const ModelList = Type.Object({
  object: Type.Literal('list'),
  data: Type.Array(Model),
  source: Type.Union([Type.Literal('live'), Type.Literal('snapshot')], {
    description: '`snapshot` when Puter could not be reached and the bundled catalogue is served.',
  }),
  as_of: Type.String({ description: 'When the catalogue was fetched from Puter, or when the snapshot was compiled.' }),
})
export type ModelList = Static<typeof ModelList>

export const ErrorResponse = Type.Object({
  error: Type.Object({
    message: Type.String(),
    type: Type.String(),
    param: Nullable(Type.String()),
    code: Nullable(Type.String()),
  }),
})
