/** OpenAPI details of the Anthropic routes. */
import { errorResponses, schemaRef } from '../docs.ts'

const errorCauses: Record<number, string> = {
  400: 'Invalid request.', 401: 'No or wrong API key.', 402: 'No Puter credit left.', 403: 'Puter refused the token.',
  404: 'Unknown model.', 429: 'Rate or concurrency limit; see `retry-after`.', 502: 'Puter or its providers failed.', 503: 'Puter unreachable.',
}
const errors = (...statuses: number[]) => errorResponses('AnthropicError', errorCauses, ...statuses)
const schema = schemaRef

export const createMessageDoc = {
  operationId: 'createMessage',
  summary: 'Create a message (Anthropic Messages API)',
  description: [
    'Anthropic\'s Messages API over Puter\'s `/drivers/call`, for free accounts, with any Puter model.',
    'Auth: `x-api-key` (what the Anthropic SDK sends) or `Authorization: Bearer`; `anthropic-version` and `anthropic-beta` are accepted.',
    '',
    'With `"stream": true` the answer is `text/event-stream` in Anthropic\'s event sequence: `message_start`,',
    '`content_block_start` / `content_block_delta` (`thinking_delta`, `text_delta`, `input_json_delta`) / `content_block_stop`,',
    '`message_delta` (stop reason, usage), `message_stop`, with `ping` events while quiet. A failure after the stream started is `event: error`.',
  ].join('\n'),
  tags: ['Anthropic'],
  'x-request-examples': {
    simple: { summary: 'One question', value: { model: 'claude-sonnet-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] } },
  },
  responses: {
    200: {
      description: 'The message, or its stream of events.',
      content: {
        'application/json': { schema: schema('AnthropicMessage') },
        'text/event-stream': { schema: { type: 'string' as const, description: 'Anthropic stream events (`event: <type>` / `data: <json>`).' } },
      },
    },
    ...errors(400, 401, 402, 403, 404, 429, 502, 503),
  },
}

export const countTokensDoc = {
  operationId: 'countMessageTokens',
  summary: 'Count the input tokens of a message (estimate, local)',
  description: 'Answered by the proxy itself, never by Puter: o200k BPE counts of the text, 1,600 tokens per image or document, and a few tokens of framing per message. Fast enough for agents that call it many times a second.',
  tags: ['Anthropic'],
  'x-request-examples': {
    simple: { summary: 'One question', value: { model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'Hello, Claude' }] } },
  },
  responses: {
    200: { description: 'The estimate.', content: { 'application/json': { schema: schema('AnthropicTokenCount') } } },
    ...errors(400, 401),
  },
}
