/** OpenAPI details of the Gemini routes. */
import { errorResponses, schemaRef } from '../docs.ts'

const errorCauses: Record<number, string> = {
  400: 'INVALID_ARGUMENT: the request is invalid, or Puter rejected it.',
  401: 'UNAUTHENTICATED: no key, or Puter rejected it.',
  402: 'RESOURCE_EXHAUSTED: no Puter credit left.',
  403: 'PERMISSION_DENIED: Puter refused the token.',
  404: 'NOT_FOUND: unknown model or method.',
  429: 'RESOURCE_EXHAUSTED: Puter\'s rate or concurrency limit; see `retry-after`.',
  502: 'INTERNAL: Puter or its providers failed.',
  503: 'UNAVAILABLE: Puter unreachable.',
}
const errors = (...statuses: number[]) => errorResponses('GeminiError', errorCauses, ...statuses)
const key = [
  { name: 'key', in: 'query' as const, required: false, schema: { type: 'string' as const }, description: 'The API key (your Puter token), as Google\'s clients may send it; `x-goog-api-key` or `Authorization: Bearer` work too.' },
]

export const geminiModelMethodDoc = {
  operationId: 'gemini',
  'x-paths': ['/v1beta/models/{model}:generateContent', '/v1beta/models/{model}:streamGenerateContent', '/v1beta/models/{model}:countTokens'],
  summary: 'generateContent, streamGenerateContent, countTokens (Gemini API)',
  description: [
    'Google\'s Gemini API over Puter, for every Puter model: `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent` and `:countTokens` (also under `/v1/`).',
    'The model id may hold `/` and `:` unencoded (`models/openrouter:anthropic/claude-3.5-sonnet:generateContent`).',
    'Streams: with `?alt=sse`, `data: <GenerateContentResponse>` frames; without it, one JSON array written as it grows. The last chunk carries `finishReason` and `usageMetadata`; a failure after the stream started is Google\'s error object, which the SDK raises.',
    'countTokens is answered locally (o200k), never by Puter.',
  ].join('\n'),
  tags: ['Gemini'],
  parameters: [...key, { name: 'alt', in: 'query' as const, required: false, schema: { type: 'string' as const, enum: ['sse'] }, description: 'streamGenerateContent: `sse` for Server-Sent Events.' }],
  'x-request-examples': { simple: { summary: 'One question (append :generateContent to the model in the path)', value: { contents: [{ role: 'user', parts: [{ text: 'Say hello in three languages.' }] }] } } },
  responses: {
    200: {
      description: 'A GenerateContentResponse, its stream of chunks, or (countTokens) a token count.',
      content: {
        'application/json': { schema: { oneOf: [schemaRef('GeminiGenerateContentResponse'), schemaRef('GeminiCountTokensResponse')] } },
        'text/event-stream': { schema: schemaRef('GeminiGenerateContentResponse') },
      },
    },
    ...errors(400, 401, 402, 403, 404, 429, 502, 503),
  },
}

export const geminiListModelsDoc = {
  operationId: 'geminiListModels',
  summary: 'List models (Gemini API)',
  description: 'Puter\'s models in Google\'s shape (`name: "models/<id>"`, token limits, methods), paged with `pageSize` (default 50, at most 1000) and `pageToken`. `GET /v1/models` answers the same for Google\'s clients (`x-goog-api-key`, `x-goog-api-client` or `?key=`).',
  tags: ['Gemini'],
  security: [],
  parameters: [
    { name: 'pageSize', in: 'query' as const, required: false, schema: { type: 'integer' as const } },
    { name: 'pageToken', in: 'query' as const, required: false, schema: { type: 'string' as const } },
  ],
  responses: { 200: { description: 'A page of models.', content: { 'application/json': { schema: schemaRef('GeminiModelList') } } } },
}

export const geminiRetrieveModelDoc = {
  operationId: 'geminiGetModel',
  'x-paths': ['/v1beta/models/{model}'],
  summary: 'Retrieve a model (Gemini API)',
  description: 'One model, in Google\'s shape, by id, Puter id or alias (`GET /v1beta/models/gemini-2.5-flash`).',
  tags: ['Gemini'],
  security: [],
  responses: { 200: { description: 'The model.', content: { 'application/json': { schema: schemaRef('GeminiModel') } } }, ...errors(404) },
}
