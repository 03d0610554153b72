/**
 * OpenAPI details of the OpenAI routes: operation ids, words a user can act
 * on, and every response with its status. Schemas are `$ref`s to the
 * components of schema.ts, so the document and the validation agree.
 */

import { errorResponses, schemaRef } from '../docs.ts'
import { ChatCompletionRequest, type ChatCompletionRequest as ChatCompletionRequestBody } from './schema.ts'

const errorCauses: Record<number, string> = {
  400: 'The request is invalid (the `param` names the field), or Puter rejected its arguments.',
  401: 'No API key, or Puter rejected it. The API key is your Puter auth token.',
  402: 'Your Puter account has no AI credit left.',
  403: 'Puter refused the token for this request (for example a scoped access token).',
  404: 'The model does not exist in Puter\'s catalogue.',
  429: 'Puter\'s rate or concurrency limit. Wait for `Retry-After` seconds.',
  502: 'Puter or every provider behind it failed.',
  503: 'Puter could not be reached.',
}
const errors = (...statuses: number[]) => errorResponses('Error', errorCauses, ...statuses)
const schema = schemaRef

const SSE_EXAMPLE = [
  ': ok',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-5-nano-2025-08-07","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-5-nano-2025-08-07","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}',
  '',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-5-nano-2025-08-07","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}',
  '',
  'data: [DONE]',
  '',
].join('\n')

/** The request examples of ChatCompletionRequest, named for Swagger UI's example picker. */
const requestExamples = Object.fromEntries(
  (ChatCompletionRequest.examples as ChatCompletionRequestBody[]).map((value) => [
    value.stream ? 'stream' : 'simple',
    { summary: value.stream ? 'Streamed, with usage' : 'One question', value },
  ]),
)

export const chatCompletionDoc = {
  operationId: 'createChatCompletion',
  summary: 'Create a chat completion',
  description: [
    'OpenAI-compatible chat completion, served by Puter\'s `/drivers/call` with your Puter token.',
    '',
    'Without `stream`, the answer is a `ChatCompletion`. With `"stream": true` it is `text/event-stream`:',
    'a `: ok` comment as soon as Puter answers, then one `data: <ChatCompletionChunk>` frame per delta',
    '(the first carries `role`, the last `finish_reason`), `: ping` comments on quiet streams, and `data: [DONE]`.',
    'A failure after the stream started is a `data: {"error": ...}` frame, then `data: [DONE]`.',
    '',
    'Also served at `/chat/completions` for clients that drop `/v1`. The header `x-message-mode`',
    '(`raw`, `standard`, `full`) chooses how the conversation is reshaped for Puter.',
  ].join('\n'),
  tags: ['Chat'],
  // The openapi plugin rebuilds requestBody from the body schema; docs.ts moves these into it.
  'x-request-examples': requestExamples,
  responses: {
    200: {
      description: 'A chat completion, or a stream of chunks ending with `data: [DONE]`.',
      headers: {
        'x-puter-provider': { description: 'Non-stream only: the Puter provider that served the request.', schema: { type: 'string' as const } },
        'x-puter-model': { description: 'Non-stream only: the model id Puter used.', schema: { type: 'string' as const } },
      },
      content: {
        'application/json': { schema: schema('ChatCompletion') },
        'text/event-stream': { schema: schema('ChatCompletionChunk'), example: SSE_EXAMPLE },
      },
    },
    ...errors(400, 401, 402, 403, 404, 429, 502, 503),
  },
}

export const completionDoc = {
  operationId: 'createCompletion',
  summary: 'Create a completion (legacy)',
  description: [
    'OpenAI\'s legacy completions: `prompt` (a string, or a list of one string) is sent as one user message to any Puter model.',
    'The answer is a `text_completion`; with `"stream": true`, `text_completion` chunks in `data:` frames ending with `data: [DONE]`.',
    '`echo`, `logprobs`, `suffix`, `best_of` and `n` above 1 need token-level access Puter does not give: a 400 names them.',
  ].join('\n'),
  tags: ['Chat'],
  'x-request-examples': { simple: { summary: 'A prompt', value: { model: 'gpt-5-nano-2025-08-07', prompt: 'Once upon a time', max_tokens: 64 } } },
  responses: {
    200: {
      description: 'The completion, or its stream of chunks.',
      content: { 'application/json': { schema: schema('TextCompletion') }, 'text/event-stream': { schema: schema('TextCompletion') } },
    },
    ...errors(400, 401, 402, 403, 404, 429, 502, 503),
  },
}

export const listModelsDoc = {
  operationId: 'listModels',
  summary: 'List models',
  description: 'The models Puter serves, from its public catalogue (cached). When Puter cannot be reached, the bundled snapshot is served: `source` and the `x-catalogue-source` header say which. No API key is needed. Also served at `/models`. With `anthropic-version` the answer is Anthropic\'s list shape (`AnthropicModelList`); for Google\'s clients (`x-goog-api-key`, `x-goog-api-client`, `?key=`) Google\'s (`GeminiModelList`).',
  tags: ['Models'],
  security: [],
  parameters: [{
    name: 'type', in: 'query' as const, required: false,
    description: '`chat` (the default): the chat catalogue. `image`: Puter\'s image catalogue (live; a 502 when Puter cannot be reached and no copy was fetched). `tts`, `stt`: the ids Puter\'s speech drivers accept (Puter publishes no catalogue for them; `source: documented`).',
    schema: { type: 'string' as const, enum: ['chat', 'image', 'tts', 'stt'] },
  }],
  responses: {
    200: {
      description: 'The model list.',
      headers: { 'x-catalogue-source': { description: '`live`, `snapshot` or `documented`.', schema: { type: 'string' as const } } },
      content: { 'application/json': { schema: { oneOf: [schema('ModelList'), schema('AnthropicModelList'), schema('GeminiModelList')] } } },
    },
    ...errors(400, 502),
  },
}

export const retrieveModelDoc = {
  operationId: 'retrieveModel',
  summary: 'Retrieve a model',
  description: 'One model by id, Puter id or alias, ignoring case. Ids may contain `:` and `/` (`openrouter:anthropic/claude-3.5-sonnet`): send them percent-encoded, as the OpenAI SDK does, or raw. No API key is needed.',
  tags: ['Models'],
  security: [],
  responses: {
    200: { description: 'The model (Anthropic\'s or Google\'s shape for their clients, as for the list).', content: { 'application/json': { schema: { oneOf: [schema('Model'), schema('AnthropicModel'), schema('GeminiModel')] } } } },
    ...errors(404),
  },
}

export const healthDoc = {
  operationId: 'getHealth',
  summary: 'Liveness',
  description: 'Answers at once without calling Puter: healthy even while Puter is unreachable.',
  tags: ['Meta'],
  security: [],
  responses: { 200: { description: 'The server is up.', content: { 'application/json': { schema: schema('Health') } } } },
}

export const readyDoc = {
  operationId: 'getReadiness',
  summary: 'Readiness and shared state',
  description: 'Always 200 while the instance serves. With `REDIS_URL`: `shared_state` is `redis` while the fleet\'s limits and stored responses are shared, and `status: degraded` with `shared_state: local` and the cause while Redis is unreachable (each instance then limits on its own and stored responses answer 503). Without it, `shared_state: off`.',
  tags: ['Meta'],
  security: [],
  responses: { 200: { description: 'Ready.', content: { 'application/json': { schema: schema('Readiness') } } } },
}

export const upstreamHealthDoc = {
  operationId: 'getUpstreamHealth',
  summary: 'Puter reachability',
  description: 'Asks Puter\'s public model list (no credit is spent) and reports whether Puter answered, and how fast.',
  tags: ['Meta'],
  security: [],
  responses: {
    200: { description: 'Puter answered.', content: { 'application/json': { schema: schema('UpstreamHealth') } } },
    503: { description: 'Puter did not answer in time, or answered with an error.', content: { 'application/json': { schema: schema('UpstreamHealth') } } },
  },
}

export const metricsDoc = {
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  description: 'Requests by route and status, request and upstream latency, time to first token, open streams, limiter queue depth and rejections, and process metrics, in Prometheus\' text format.',
  tags: ['Meta'],
  security: [],
  responses: { 200: { description: 'Metrics in the Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' as const } } } } },
}
