/**
 * OpenAI's Responses API as TypeBox schemas: the request the route validates
 * (loose: every object allows unknown properties, and input items and tools
 * of types this proxy does not model are accepted), and the shapes it answers
 * with, published as OpenAPI components prefixed `Response…`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { EXAMPLE_MODEL } from '../openai/schema.ts'

const Open = { additionalProperties: true } as const
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
type Name =
  | 'ResponseCreateRequest' | 'ResponseInputItem' | 'ResponseInputContent' | 'ResponseTool' | 'ResponseObject'
  | 'ResponseOutputItem' | 'ResponseUsage' | 'ResponseInputItemList' | 'ResponseDeleted' | 'ResponseStreamEvent'
const ref = <T extends TSchema>(name: Name, _schema: T) => Type.Unsafe<Static<T>>(Type.Ref(`#/components/schemas/${name}`))

export const InputContent = Type.Object({
  type: Type.String({ description: '`input_text`, `output_text`, `input_image` (`image_url`: a URL or data URL), `input_file` (`file_data` as a data URL, `filename`), `refusal`.' }),
  text: Type.Optional(Type.String()),
  image_url: Type.Optional(Nullable(Type.String())),
  file_data: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
}, { ...Open, description: 'One part of a message\'s content.' })
export type InputContent = Static<typeof InputContent>

export const InputItem = Type.Object({
  type: Type.Optional(Type.String({ description: '`message` (the default), `function_call`, `function_call_output`, `custom_tool_call`, `custom_tool_call_output`, `reasoning` (not forwarded), `item_reference`; other types are accepted and skipped.' })),
  id: Type.Optional(Nullable(Type.String())),
  role: Type.Optional(Type.String({ description: 'Messages: `user`, `system`, `developer` or `assistant`.' })),
  content: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(ref('ResponseInputContent', InputContent))]))),
  call_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String({ description: 'Calls of a tool inside a `namespace` tool.' })),
  arguments: Type.Optional(Type.String({ description: 'function_call: the arguments as a JSON string.' })),
  input: Type.Optional(Type.String({ description: 'custom_tool_call: the free-form input.' })),
  output: Type.Optional(Type.Unknown({ description: 'Tool outputs: a string, or content parts.' })),
}, { ...Open, description: 'One item of the conversation.' })
export type InputItem = Static<typeof InputItem>

export const Tool = Type.Object({
  type: Type.String({ description: '`function`, `custom`, `namespace` (a named group of function tools); hosted tools (`web_search`, `file_search`, `code_interpreter`, `image_generation`, `computer_use_preview`, `mcp`, `local_shell`) are accepted and not forwarded.' }),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Nullable(Type.String())),
  parameters: Type.Optional(Nullable(Type.Object({}, Open))),
  strict: Type.Optional(Nullable(Type.Boolean())),
  tools: Type.Optional(Type.Array(Type.Object({ type: Type.Optional(Type.String()), name: Type.String() }, Open), { description: '`namespace` tools: their functions.' })),
}, { ...Open, description: 'A tool the model may call.' })
export type Tool = Static<typeof Tool>

export const CreateRequest = Type.Object({
  model: Type.String({ minLength: 1, description: 'Any Puter model id or alias (`GET /v1/models`).' }),
  input: Type.Optional(Type.Union([Type.String(), Type.Array(ref('ResponseInputItem', InputItem))])),
  instructions: Type.Optional(Nullable(Type.String({ description: 'Sent as the system message.' }))),
  tools: Type.Optional(Type.Array(ref('ResponseTool', Tool))),
  tool_choice: Type.Optional(Type.Union([Type.String(), Type.Object({}, Open)])),
  parallel_tool_calls: Type.Optional(Nullable(Type.Boolean())),
  max_output_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  temperature: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  reasoning: Type.Optional(Nullable(Type.Object({ effort: Type.Optional(Nullable(Type.String())), summary: Type.Optional(Nullable(Type.String())) }, Open))),
  text: Type.Optional(Nullable(Type.Object({ format: Type.Optional(Type.Object({ type: Type.String() }, Open)) }, Open))),
  stream: Type.Optional(Nullable(Type.Boolean())),
  store: Type.Optional(Nullable(Type.Boolean({ description: 'Default true: the response can be read, listed, deleted and continued for `RESPONSES_TTL`.' }))),
  previous_response_id: Type.Optional(Nullable(Type.String())),
  include: Type.Optional(Nullable(Type.Array(Type.String()))),
  metadata: Type.Optional(Nullable(Type.Object({}, Open))),
  user: Type.Optional(Type.String()),
  background: Type.Optional(Nullable(Type.Boolean({ description: 'Only `false`: background mode needs polling this proxy does not offer.' }))),
}, {
  ...Open,
  description: 'OpenAI\'s Responses request. Fields not listed here are forwarded to Puter as they are.',
  examples: [
    { model: EXAMPLE_MODEL, input: 'Say hello in three languages.' },
    { model: EXAMPLE_MODEL, stream: true, instructions: 'Be brief.', input: [{ role: 'user', content: 'Count to five.' }] },
  ],
})
export type CreateRequest = Static<typeof CreateRequest>

export const Usage = Type.Object({
  input_tokens: Type.Integer(),
  input_tokens_details: Type.Object({ cached_tokens: Type.Integer() }),
  output_tokens: Type.Integer(),
  output_tokens_details: Type.Object({ reasoning_tokens: Type.Integer() }),
  total_tokens: Type.Integer(),
}, { description: 'Token counts, from whichever usage keys Puter\'s provider reported.' })
export type Usage = Static<typeof Usage>

export const OutputItem = Type.Object({
  id: Type.String(),
  type: Type.String({ description: '`reasoning`, `message`, `function_call` or `custom_tool_call`.' }),
  status: Type.Optional(Type.String()),
  role: Type.Optional(Type.Literal('assistant')),
  content: Type.Optional(Type.Array(Type.Object({ type: Type.Literal('output_text'), text: Type.String(), annotations: Type.Array(Type.Unknown()) }))),
  summary: Type.Optional(Type.Array(Type.Object({ type: Type.Literal('summary_text'), text: Type.String() }))),
  call_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  arguments: Type.Optional(Type.String()),
  input: Type.Optional(Type.String()),
}, { ...Open, description: 'One item the model produced.' })
export type OutputItem = Static<typeof OutputItem>

export const ResponseObject = Type.Object({
  id: Type.String({ examples: ['resp_8f14e45fceea167a5a36dedd4bea2543'] }),
  object: Type.Literal('response'),
  created_at: Type.Integer(),
  status: Type.Union([Type.Literal('completed'), Type.Literal('incomplete'), Type.Literal('failed'), Type.Literal('in_progress')]),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  incomplete_details: Nullable(Type.Object({ reason: Type.String() })),
  model: Type.String(),
  output: Type.Array(ref('ResponseOutputItem', OutputItem)),
  usage: Nullable(ref('ResponseUsage', Usage)),
}, { ...Open, description: 'A response. The request\'s parameters are echoed as OpenAI echoes them (`instructions`, `tools`, `tool_choice`, `temperature`, …).' })
export type ResponseObject = Static<typeof ResponseObject> & Record<string, unknown>

export const InputItemList = Type.Object({
  object: Type.Literal('list'),
  data: Type.Array(Type.Object({}, Open)),
  first_id: Nullable(Type.String()),
  last_id: Nullable(Type.String()),
  has_more: Type.Boolean(),
}, { description: 'The input items of a stored response.' })

export const Deleted = Type.Object({ id: Type.String(), object: Type.Literal('response'), deleted: Type.Literal(true) }, { description: 'The response was deleted.' })

export const StreamEvent = Type.Object({
  type: Type.String({ description: '`response.created`, `response.in_progress`, `response.output_item.added`, `response.content_part.added`, `response.output_text.delta`, …, `response.completed` / `response.incomplete` / `response.failed`.' }),
  sequence_number: Type.Integer({ description: 'Strictly increasing from 0 within a stream.' }),
}, { ...Open, description: 'One `event: <type>` / `data: <json>` frame of a streamed response.' })

export const responsesComponents = {
  ResponseCreateRequest: CreateRequest, ResponseInputItem: InputItem, ResponseInputContent: InputContent, ResponseTool: Tool,
  ResponseObject, ResponseOutputItem: OutputItem, ResponseUsage: Usage, ResponseInputItemList: InputItemList,
  ResponseDeleted: Deleted, ResponseStreamEvent: StreamEvent,
} satisfies Record<Name, TSchema>
