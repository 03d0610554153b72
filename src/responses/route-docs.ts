/** OpenAPI details of the Responses routes. */
import { errorResponses, schemaRef } from '../docs.ts'
import { CreateRequest, type CreateRequest as CreateRequestBody } from './schema.ts'

const errorCauses: Record<number, string> = {
  400: 'The request is invalid (the `param` names the field): an unknown or foreign `previous_response_id`, `background: true`, or what Puter rejected.',
  401: 'No API key, or Puter rejected it. The API key is your Puter auth token.',
  402: 'Your Puter account has no AI credit left.',
  403: 'Puter refused the token for this request.',
  404: 'The model, or the stored response, does not exist (or is not yours).',
  429: 'Puter\'s rate or concurrency limit. Wait for `Retry-After` seconds.',
  502: 'Puter or every provider behind it failed.',
  503: 'Puter, or the response store, could not be reached.',
}
const errors = (...statuses: number[]) => errorResponses('Error', errorCauses, ...statuses)
const idParam = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string' as const }, example: 'resp_8f14e45fceea167a5a36dedd4bea2543' }

const SSE_EXAMPLE = [
  ': ok', '',
  'event: response.created', 'data: {"type":"response.created","response":{"id":"resp_1","object":"response","status":"in_progress","output":[]},"sequence_number":0}', '',
  'event: response.output_text.delta', 'data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hello","logprobs":[],"sequence_number":4}', '',
  'event: response.completed', 'data: {"type":"response.completed","response":{"id":"resp_1","object":"response","status":"completed","output":[]},"sequence_number":9}', '',
].join('\n')

const requestExamples = Object.fromEntries((CreateRequest.examples as CreateRequestBody[]).map((value) => [
  value.stream ? 'stream' : 'simple', { summary: value.stream ? 'Streamed, with instructions' : 'One question', value },
]))

export const createResponseDoc = {
  operationId: 'createResponse',
  summary: 'Create a response (OpenAI Responses API)',
  description: [
    'OpenAI\'s Responses API over Puter\'s `/drivers/call`, for free accounts, with any Puter model: what Codex CLI, the Agents SDK and `openai(model)` of the AI SDK call.',
    '',
    '`input` is a string or items (messages, function and custom tool calls and their outputs); `instructions` is the system message. `function`, `custom` and `namespace` tools are offered to the model; hosted tools (`web_search`, `file_search`, …) run on OpenAI\'s side and are not forwarded: the header `x-dropped-tools` names them.',
    'With `store` (the default) the response can be read, listed, deleted and continued with `previous_response_id` for `RESPONSES_TTL`; it belongs to the key that created it.',
    '',
    'With `"stream": true` the answer is `text/event-stream` in OpenAI\'s event grammar, each event numbered by `sequence_number`; a failure after the stream started is a `response.failed` event.',
  ].join('\n'),
  tags: ['Responses'],
  'x-request-examples': requestExamples,
  responses: {
    200: {
      description: 'The response, or its stream of events.',
      headers: { 'x-dropped-tools': { description: 'Hosted tools that were not forwarded, comma-separated.', schema: { type: 'string' as const } } },
      content: {
        'application/json': { schema: schemaRef('ResponseObject') },
        'text/event-stream': { schema: schemaRef('ResponseStreamEvent'), example: SSE_EXAMPLE },
      },
    },
    ...errors(400, 401, 402, 403, 404, 429, 502, 503),
  },
}

export const retrieveResponseDoc = {
  operationId: 'getResponse', summary: 'Retrieve a stored response', tags: ['Responses'],
  description: 'A response stored by this key (`store` was not false), until `RESPONSES_TTL` passes.',
  parameters: [idParam],
  responses: { 200: { description: 'The response.', content: { 'application/json': { schema: schemaRef('ResponseObject') } } }, ...errors(401, 404, 503) },
}

export const deleteResponseDoc = {
  operationId: 'deleteResponse', summary: 'Delete a stored response', tags: ['Responses'],
  description: 'Removes a response stored by this key.',
  parameters: [idParam],
  responses: { 200: { description: 'Deleted.', content: { 'application/json': { schema: schemaRef('ResponseDeleted') } } }, ...errors(401, 404, 503) },
}

export const listInputItemsDoc = {
  operationId: 'listInputItems', summary: 'List the input items of a stored response', tags: ['Responses'],
  description: 'The items the request sent as `input`, each with its id. `order` (`desc`, the default, or `asc`), `limit` (1–100, default 20) and `after` page through them.',
  parameters: [idParam],
  responses: { 200: { description: 'The items.', content: { 'application/json': { schema: schemaRef('ResponseInputItemList') } } }, ...errors(400, 401, 404, 503) },
}
