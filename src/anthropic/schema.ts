/**
 * Anthropic's Messages API as TypeBox schemas: the request the routes
 * validate, and the shapes they answer with, published as OpenAPI components
 * (prefixed `Anthropic` beside the OpenAI ones). Request objects allow
 * unknown properties, which pass through to Puter.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
type Name =
  | 'AnthropicMessagesRequest' | 'AnthropicMessageParam' | 'AnthropicContentBlockParam' | 'AnthropicTextBlock'
  | 'AnthropicImageBlock' | 'AnthropicDocumentBlock' | 'AnthropicToolUseBlock' | 'AnthropicToolResultBlock'
  | 'AnthropicThinkingBlock' | 'AnthropicRedactedThinkingBlock' | 'AnthropicOtherBlock' | 'AnthropicTool' | 'AnthropicMessage' | 'AnthropicUsage'
  | 'AnthropicCountTokensRequest' | 'AnthropicTokenCount' | 'AnthropicError' | 'AnthropicModel' | 'AnthropicModelList'
const ref = <T extends TSchema>(name: Name, _schema: T) => Type.Unsafe<Static<T>>(Type.Ref(`#/components/schemas/${name}`))

export const TextBlock = Type.Object({ type: Type.Literal('text'), text: Type.String() }, { ...Open, description: 'Text.' })
const ImageSource = Type.Union([
  Type.Object({ type: Type.Literal('base64'), media_type: Type.String({ description: '`image/png`, `image/jpeg`, `image/gif` or `image/webp`.' }), data: Type.String() }, Open),
  Type.Object({ type: Type.Literal('url'), url: Type.String() }, Open),
])
export const ImageBlock = Type.Object({ type: Type.Literal('image'), source: ImageSource }, { ...Open, description: 'An image, base64 or by URL.' })
export const DocumentBlock = Type.Object({ type: Type.Literal('document'), source: Type.Object({ type: Type.String() }, Open) }, { ...Open, description: 'A document such as a PDF.' })
export const ToolUseBlock = Type.Object({
  type: Type.Literal('tool_use'), id: Type.String(), name: Type.String(), input: Type.Unknown({ description: 'The arguments, an object.' }),
}, { ...Open, description: 'A tool call the assistant made.' })
export const ToolResultBlock = Type.Object({
  type: Type.Literal('tool_result'),
  tool_use_id: Type.String(),
  content: Type.Optional(Type.Union([Type.String(), Type.Array(Type.Union([ref('AnthropicTextBlock', TextBlock), ref('AnthropicImageBlock', ImageBlock), Type.Object({ type: Type.String() }, Open)]))])),
  is_error: Type.Optional(Type.Boolean()),
}, { ...Open, description: 'The result of a tool call: text, images, or both.' })
export const ThinkingBlock = Type.Object({ type: Type.Literal('thinking'), thinking: Type.String(), signature: Type.Optional(Type.String()) }, { ...Open, description: 'The model\'s reasoning.' })
export const RedactedThinkingBlock = Type.Object({ type: Type.Literal('redacted_thinking'), data: Type.String() }, { ...Open, description: 'Encrypted reasoning.' })
/** Block types this schema names; any other type is accepted as an `AnthropicOtherBlock`. */
export const KNOWN_BLOCK_TYPES = ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'] as const
// Anthropic adds block types often (server_tool_use, web_search_tool_result, search_result, container_upload, …):
// a current client must never get a 400 for one, while a malformed known block still does.
export const OtherBlock = Type.Object({
  type: Type.String({ pattern: `^(?!(?:${KNOWN_BLOCK_TYPES.join('|')})$).+$`, description: 'Any block type not named above.' }),
}, { ...Open, description: 'A block type this proxy does not model (server tool calls and results, search results, container uploads, …): accepted; its text, if any, reaches the model, the rest is dropped.' })
export const ContentBlockParam = Type.Union([
  ref('AnthropicTextBlock', TextBlock), ref('AnthropicImageBlock', ImageBlock), ref('AnthropicDocumentBlock', DocumentBlock),
  ref('AnthropicToolUseBlock', ToolUseBlock), ref('AnthropicToolResultBlock', ToolResultBlock),
  ref('AnthropicThinkingBlock', ThinkingBlock), ref('AnthropicRedactedThinkingBlock', RedactedThinkingBlock),
  // Typed apart from the named blocks so that a check of `type` still narrows to them.
  Type.Unsafe<{ type: 'other'; text?: unknown; [key: string]: unknown }>(Type.Ref('#/components/schemas/AnthropicOtherBlock')),
], { description: 'A content block.' })
export type ContentBlockParam = Static<typeof ContentBlockParam>

export const MessageParam = Type.Object({
  // Claude Code sends mid-conversation `system` turns (reminders) for models it does not know.
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('system')], { description: '`system` turns may appear anywhere (Claude Code sends them); their text reaches the model.' }),
  content: Type.Union([Type.String(), Type.Array(ref('AnthropicContentBlockParam', ContentBlockParam))]),
}, { ...Open, description: 'One turn.' })
export type MessageParam = Static<typeof MessageParam>

export const Tool = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  input_schema: Type.Optional(Type.Object({}, { ...Open, description: 'A JSON Schema of the input.' })),
  type: Type.Optional(Type.String({ description: 'Server tools (e.g. `web_search_20250305`) pass through.' })),
}, { ...Open, description: 'A tool the model may call.' })
export type Tool = Static<typeof Tool>

// A fresh instance per use: Elysia compiles each model on its own and trips over shared sub-schemas.
const system = () => Type.Union([Type.String(), Type.Array(ref('AnthropicTextBlock', TextBlock))], { description: 'The system prompt: a string or text blocks.' })

export const MessagesRequest = Type.Object({
  model: Type.String({ minLength: 1, description: 'Any Puter model id or alias, e.g. `claude-sonnet-5` (non-Claude models work too).' }),
  max_tokens: Type.Integer({ minimum: 1 }),
  messages: Type.Array(ref('AnthropicMessageParam', MessageParam), { minItems: 1 }),
  system: Type.Optional(system()),
  stream: Type.Optional(Type.Boolean()),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_k: Type.Optional(Type.Integer({ minimum: 0 })),
  stop_sequences: Type.Optional(Type.Array(Type.String())),
  tools: Type.Optional(Type.Array(ref('AnthropicTool', Tool))),
  tool_choice: Type.Optional(Type.Object({ type: Type.String({ description: '`auto`, `any`, `tool` or `none`.' }), name: Type.Optional(Type.String()) }, Open)),
  thinking: Type.Optional(Type.Object({
    type: Type.String({ description: '`enabled`, `disabled` or `adaptive`.' }),
    budget_tokens: Type.Optional(Type.Integer({ minimum: 0 })),
  }, { ...Open, description: 'Sent to Puter as `reasoning_effort`: a budget up to 2,048 is low, up to 8,192 medium, more high.' })),
  metadata: Type.Optional(Type.Object({}, Open)),
  output_config: Type.Optional(Type.Object({ effort: Type.Optional(Type.String({ description: '`low`, `medium`, `high` or `max`: sent to Puter as `reasoning_effort`.' })) }, Open)),
}, {
  ...Open,
  description: 'Anthropic\'s Messages request. Fields not listed here are forwarded to Puter as they are.',
  examples: [{ model: 'claude-sonnet-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] }],
})
export type MessagesRequest = Static<typeof MessagesRequest>

export const CountTokensRequest = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(ref('AnthropicMessageParam', MessageParam)),
  system: Type.Optional(system()),
  tools: Type.Optional(Type.Array(ref('AnthropicTool', Tool))),
}, { ...Open, description: 'What a Messages request would send, to count its input tokens.', examples: [{ model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'Hello, Claude' }] }] })
export type CountTokensRequest = Static<typeof CountTokensRequest>

export const TokenCount = Type.Object({ input_tokens: Type.Integer() }, { description: 'An estimate, computed locally.' })

export const Usage = Type.Object({
  input_tokens: Type.Integer({ description: 'Input tokens not read from or written to the cache.' }),
  output_tokens: Type.Integer(),
  cache_read_input_tokens: Type.Optional(Type.Integer()),
  cache_creation_input_tokens: Type.Optional(Type.Integer()),
}, { description: 'Token counts, mapped from whichever usage keys Puter\'s provider reported.' })
export type Usage = Static<typeof Usage>

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal'
export const Message = Type.Object({
  id: Type.String({ examples: ['msg_01XFDUDYJgAACzvnptvVoYEL'] }),
  type: Type.Literal('message'),
  role: Type.Literal('assistant'),
  model: Type.String(),
  content: Type.Array(Type.Union([ref('AnthropicThinkingBlock', ThinkingBlock), ref('AnthropicTextBlock', TextBlock), ref('AnthropicToolUseBlock', ToolUseBlock)])),
  stop_reason: Type.Union([Type.Literal('end_turn'), Type.Literal('max_tokens'), Type.Literal('stop_sequence'), Type.Literal('tool_use'), Type.Literal('refusal'), Type.Null()]),
  stop_sequence: Type.Union([Type.String(), Type.Null()]),
  usage: ref('AnthropicUsage', Usage),
}, { description: 'The assistant\'s reply. Streams send it as events: `message_start`, `content_block_start` / `_delta` / `_stop`, `message_delta`, `message_stop`, with `ping`s.' })
export type Message = Static<typeof Message>

export const ErrorSchema = Type.Object({
  type: Type.Literal('error'),
  error: Type.Object({
    type: Type.String({ description: '`invalid_request_error`, `authentication_error`, `billing_error`, `permission_error`, `not_found_error`, `request_too_large`, `rate_limit_error`, `api_error`, `timeout_error` or `overloaded_error`.' }),
    message: Type.String(),
  }),
}, { description: 'An Anthropic-shaped error.' })

export const Model = Type.Object({
  type: Type.Literal('model'), id: Type.String(), display_name: Type.String(), created_at: Type.String({ description: 'RFC 3339; the Unix epoch when Puter does not say.' }),
}, { description: 'A model, in Anthropic\'s shape.' })
export const ModelList = Type.Object({
  data: Type.Array(ref('AnthropicModel', Model)), has_more: Type.Boolean(), first_id: Type.Union([Type.String(), Type.Null()]), last_id: Type.Union([Type.String(), Type.Null()]),
}, { description: 'The model list in Anthropic\'s shape, sent when the request carries `anthropic-version`.' })
export type AnthropicModelList = Static<typeof ModelList>
export type AnthropicModel = Static<typeof Model>

export const anthropicComponents = {
  AnthropicMessagesRequest: MessagesRequest, AnthropicMessageParam: MessageParam, AnthropicContentBlockParam: ContentBlockParam,
  AnthropicTextBlock: TextBlock, AnthropicImageBlock: ImageBlock, AnthropicDocumentBlock: DocumentBlock, AnthropicToolUseBlock: ToolUseBlock,
  AnthropicToolResultBlock: ToolResultBlock, AnthropicThinkingBlock: ThinkingBlock, AnthropicRedactedThinkingBlock: RedactedThinkingBlock, AnthropicOtherBlock: OtherBlock,
  AnthropicTool: Tool, AnthropicMessage: Message, AnthropicUsage: Usage, AnthropicCountTokensRequest: CountTokensRequest,
  AnthropicTokenCount: TokenCount, AnthropicError: ErrorSchema, AnthropicModel: Model, AnthropicModelList: ModelList,
} satisfies Record<Name, TSchema>
