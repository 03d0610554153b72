/**
 * The public OpenAI wire as TypeBox schemas. Routes validate against them and
 * the OpenAPI document is generated from them: every schema in `components`
 * becomes `#/components/schemas/<name>`, and composites point at their parts
 * with `$ref`. Request objects allow unknown properties so provider extras
 * reach Puter (Elysia strips them otherwise).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
type ComponentName =
  | 'ChatCompletionRequest' | 'ChatMessage' | 'ContentPart' | 'TextPart' | 'ImagePart' | 'AudioPart' | 'FilePart'
  | 'VideoPart' | 'RefusalPart' | 'ToolCall' | 'Tool' | 'ChatCompletion' | 'ChatCompletionChunk' | 'Usage' | 'Model'
  | 'ModelList' | 'Error' | 'Health' | 'UpstreamHealth' | 'Readiness'
/** A `$ref` to a component, typed as the component. */
const ref = <T extends TSchema>(name: ComponentName, _schema: T) => Type.Unsafe<Static<T>>(Type.Ref(`#/components/schemas/${name}`))

/** A model id every catalogue (live, snapshot, the fake Puter) knows, used in examples. */
export const EXAMPLE_MODEL = 'gpt-5-nano-2025-08-07'

// ---------- content parts ----------
export const TextPart = Type.Object({ type: Type.Literal('text'), text: Type.String() }, { ...Open, description: 'Text.' })
export const ImagePart = Type.Object({
  type: Type.Literal('image_url'),
  image_url: Type.Object({
    url: Type.String({ description: 'An http(s) URL or a `data:image/...;base64,` URL.' }),
    detail: Type.Optional(Type.String({ description: '`auto`, `low` or `high`; read by OpenAI models.' })),
  }, Open),
}, { ...Open, description: 'An image, for models whose input modalities include `image`.' })
export const AudioPart = Type.Object({
  type: Type.Literal('input_audio'),
  input_audio: Type.Object({ data: Type.String({ description: 'Base64 audio.' }), format: Type.String({ description: '`wav`, `mp3`, …' }) }, Open),
}, { ...Open, description: 'Audio, for models that take audio input.' })
export const FilePart = Type.Object({
  type: Type.Literal('file'),
  file: Type.Object({}, { ...Open, description: '`file_data` (a data URL) and `filename`, or `file_id`.' }),
}, { ...Open, description: 'A file such as a PDF, for models that take files.' })
export const VideoPart = Type.Object({
  type: Type.Literal('video_url'),
  video_url: Type.Object({ url: Type.String() }, Open),
}, { ...Open, description: 'A Puter extension: a video URL, for models that take video.' })
export const RefusalPart = Type.Object({ type: Type.Literal('refusal'), refusal: Type.String() }, { ...Open, description: 'An assistant refusal, in history.' })
export const ContentPart = Type.Union([
  ref('TextPart', TextPart), ref('ImagePart', ImagePart), ref('AudioPart', AudioPart),
  ref('FilePart', FilePart), ref('VideoPart', VideoPart), ref('RefusalPart', RefusalPart),
], { description: 'One part of a multi-part message content.' })
export type ContentPart = Static<typeof ContentPart>

// ---------- messages and tools ----------
export const ToolCall = Type.Object({
  id: Type.String(),
  type: Type.Literal('function'),
  function: Type.Object({
    name: Type.String(),
    arguments: Type.String({ description: 'The arguments as a JSON string.' }),
  }, Open),
}, { ...Open, description: 'A tool call the assistant made.' })
export type ToolCall = Static<typeof ToolCall>

export const ChatMessage = Type.Object({
  role: Type.Union([
    Type.Literal('system'), Type.Literal('developer'), Type.Literal('user'),
    Type.Literal('assistant'), Type.Literal('tool'), Type.Literal('function'),
  ], { description: '`developer` is sent as `system`; `function` (legacy) as `tool`.' }),
  content: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(ref('ContentPart', ContentPart))]))),
  name: Type.Optional(Type.String()),
  tool_calls: Type.Optional(Type.Array(ref('ToolCall', ToolCall), { description: 'Assistant turns: the tools it called.' })),
  tool_call_id: Type.Optional(Type.String({ description: 'Tool turns: the call this result answers.' })),
  reasoning_content: Type.Optional(Nullable(Type.String({ description: 'Ignored in history.' }))),
  refusal: Type.Optional(Nullable(Type.String())),
  cache_control: Type.Optional(Type.Object({}, { ...Open, description: 'Anthropic prompt caching, forwarded to Puter.' })),
}, { ...Open, description: 'One turn of the conversation.' })
export type ChatMessage = Static<typeof ChatMessage>

export const Tool = Type.Object({
  type: Type.String({ description: '`function`, or a Puter tool type such as `web_search` (passed through).' }),
  function: Type.Optional(Type.Object({
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Object({}, { ...Open, description: 'A JSON Schema of the arguments.' })),
    strict: Type.Optional(Nullable(Type.Boolean())),
  }, Open)),
}, { ...Open, description: 'A tool the model may call.' })
export type Tool = Static<typeof Tool>

// ---------- request ----------
export const ChatCompletionRequest = Type.Object({
  model: Type.String({ minLength: 1, description: 'Any Puter model id or alias (`GET /v1/models`), e.g. `gpt-5-nano` or `claude-sonnet-4-5`.' }),
  messages: Type.Array(ref('ChatMessage', ChatMessage), { minItems: 1 }),
  stream: Type.Optional(Nullable(Type.Boolean({ description: 'Answer as `text/event-stream` chunks ending with `data: [DONE]`.' }))),
  stream_options: Type.Optional(Nullable(Type.Object({
    include_usage: Type.Optional(Type.Boolean({ description: 'Add a last chunk with empty `choices` and the usage.' })),
  }, Open))),
  temperature: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  max_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  max_completion_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'Sent to Puter as `max_tokens`.' }))),
  n: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'Only 1 is supported: Puter returns one choice.' }))),
  stop: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(Type.String())]))),
  tools: Type.Optional(Type.Array(ref('Tool', Tool))),
  tool_choice: Type.Optional(Type.Union([Type.String(), Type.Object({}, Open)])),
  parallel_tool_calls: Type.Optional(Type.Boolean()),
  response_format: Type.Optional(Type.Object({ type: Type.String() }, Open)),
  seed: Type.Optional(Nullable(Type.Integer())),
  reasoning_effort: Type.Optional(Nullable(Type.String({ description: '`low`, `medium` or `high`, for reasoning models.' }))),
  frequency_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  presence_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
  user: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String({ description: 'Non-standard: pins a Puter provider, e.g. `openrouter` or `claude`.' })),
}, {
  ...Open,
  description: 'OpenAI\'s chat completion request. Fields not listed here are forwarded to Puter as they are.',
  examples: [
    { model: EXAMPLE_MODEL, messages: [{ role: 'user', content: 'Say hello in three languages.' }] },
    { model: EXAMPLE_MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Count to five.' }] },
  ],
})
export type ChatCompletionRequest = Static<typeof ChatCompletionRequest>

// ---------- responses ----------
export const Usage = Type.Object({
  prompt_tokens: Type.Integer({ description: 'Input tokens, cached ones included.' }),
  completion_tokens: Type.Integer(),
  total_tokens: Type.Integer(),
  prompt_tokens_details: Type.Optional(Type.Object({ cached_tokens: Type.Integer() })),
  completion_tokens_details: Type.Optional(Type.Object({ reasoning_tokens: Type.Integer() })),
  cost: Type.Optional(Type.Number({ description: 'What Puter charged for the request, in US dollars, when it reports it.' })),
}, { description: 'Token counts, mapped from whichever usage keys Puter\'s provider reported.' })
export type Usage = Static<typeof Usage>

const FinishReason = Type.Union([Type.Literal('stop'), Type.Literal('length'), Type.Literal('tool_calls'), Type.Literal('content_filter')])
export type FinishReason = Static<typeof FinishReason>

export const ChatCompletion = Type.Object({
  id: Type.String({ examples: ['chatcmpl-8f14e45fceea167a5a36dedd4bea2543'] }),
  object: Type.Literal('chat.completion'),
  created: Type.Integer(),
  model: Type.String({ description: 'The model as requested.' }),
  choices: Type.Array(Type.Object({
    index: Type.Integer(),
    message: Type.Object({
      role: Type.Literal('assistant'),
      content: Nullable(Type.String()),
      refusal: Nullable(Type.String()),
      reasoning_content: Type.Optional(Type.String({ description: 'The model\'s reasoning, when it shares it.' })),
      tool_calls: Type.Optional(Type.Array(ref('ToolCall', ToolCall))),
      annotations: Type.Optional(Type.Array(Type.Unknown())),
    }),
    logprobs: Type.Null(),
    finish_reason: FinishReason,
  })),
  usage: ref('Usage', Usage),
}, { description: 'A non-stream chat completion.' })
export type ChatCompletion = Static<typeof ChatCompletion>

export const ChatCompletionChunk = Type.Object({
  id: Type.String({ description: 'The same on every chunk of one stream.' }),
  object: Type.Literal('chat.completion.chunk'),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(Type.Object({
    index: Type.Integer(),
    delta: Type.Object({
      role: Type.Optional(Type.Literal('assistant')),
      content: Type.Optional(Nullable(Type.String())),
      reasoning_content: Type.Optional(Type.String()),
      tool_calls: Type.Optional(Type.Array(Type.Object({
        index: Type.Integer(),
        id: Type.String(),
        type: Type.Literal('function'),
        function: Type.Object({ name: Type.String(), arguments: Type.String({ description: 'Complete: Puter sends each tool call whole.' }) }),
      }))),
    }),
    logprobs: Type.Optional(Type.Null()),
    finish_reason: Nullable(FinishReason),
  }), { description: 'Empty in the usage chunk that `stream_options.include_usage` adds.' }),
  usage: Type.Optional(Nullable(ref('Usage', Usage))),
}, { description: 'One `data:` frame of a streamed chat completion. The stream ends with `data: [DONE]`; a failure after it started is a `data:` frame holding an `Error`, then `data: [DONE]`.' })
export type ChatCompletionChunk = Static<typeof ChatCompletionChunk>

export const Model = Type.Object({
  id: Type.String({ examples: [EXAMPLE_MODEL] }),
  object: Type.Literal('model'),
  created: Type.Integer({ description: 'Release date as a Unix timestamp; 0 when Puter does not say.' }),
  owned_by: Type.String({ description: 'The Puter provider that serves the model.' }),
  name: Type.Optional(Type.String()),
  aliases: Type.Array(Type.String(), { description: 'Other names Puter accepts for the model.' }),
  context_length: Nullable(Type.Integer()),
  max_output_tokens: Nullable(Type.Integer()),
  input_modalities: Type.Array(Type.String()),
  output_modalities: Type.Array(Type.String()),
  supports_tools: Type.Boolean(),
}, { description: 'A model Puter serves.' })
export type Model = Static<typeof Model>

export const ModelList = Type.Object({
  object: Type.Literal('list'),
  data: Type.Array(ref('Model', Model)),
  source: Type.Union([Type.Literal('live'), Type.Literal('snapshot'), Type.Literal('documented')], {
    description: '`snapshot` when Puter could not be reached and the bundled catalogue is served; `documented` for `type=tts|stt`, which Puter publishes no catalogue for (the ids its drivers accept).',
  }),
  as_of: Type.String({ description: 'When the catalogue was fetched from Puter, or when the snapshot was compiled.' }),
}, { description: 'The models Puter serves.' })
export type ModelList = Static<typeof ModelList>

export const ErrorSchema = Type.Object({
  error: Type.Object({
    message: Type.String(),
    type: Type.String({ description: '`invalid_request_error`, `authentication_error`, `permission_error`, `insufficient_quota`, `rate_limit_error` or `api_error`.' }),
    param: Nullable(Type.String({ description: 'The request field at fault, e.g. `messages[0].role`.' })),
    code: Nullable(Type.String({ description: 'e.g. `model_not_found`, `invalid_api_key`, `rate_limit_exceeded`.' })),
  }),
}, { description: 'An OpenAI-shaped error.' })

export const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String({ examples: ['0.1.0'] }) }, { description: 'The server is up, and its version.' })

export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  shared_state: Type.Union([Type.Literal('off'), Type.Literal('redis'), Type.Literal('local')], { description: '`off` without REDIS_URL; `redis` while shared; `local` while Redis is unreachable.' }),
  cause: Type.Optional(Type.String()),
}, { description: 'Whether the instance is ready, and whether its state is shared.' })

export const UpstreamHealth = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  upstream: Type.String({ description: 'The Puter origin asked.' }),
  latency_ms: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.String()),
}, { description: 'Whether Puter answers.' })

/** Every named schema of the OpenAI surface, registered with Elysia and published as components. */
export const components = {
  ChatCompletionRequest, ChatMessage, ContentPart, TextPart, ImagePart, AudioPart, FilePart, VideoPart, RefusalPart,
  ToolCall, Tool, ChatCompletion, ChatCompletionChunk, Usage, Model, ModelList, Error: ErrorSchema, Health, UpstreamHealth, Readiness,
} satisfies Record<ComponentName, TSchema>
