/**
 * Puter's wire, described loosely on purpose: Puter adds fields and event
 * types over time, and every shape here must accept what it does not name.
 * See shared/puter-protocol.md §3–§9.
 */
import { Type, type Static } from '@sinclair/typebox'

const Loose = { additionalProperties: true } as const

/** The `/drivers/call` envelope for a chat completion. */
export const DriverCall = Type.Object({
  interface: Type.Literal('puter-chat-completion'),
  driver: Type.Literal('ai-chat'),
  method: Type.Literal('complete'),
  args: Type.Record(Type.String(), Type.Unknown()),
}, Loose)
export type DriverCall = Static<typeof DriverCall>

/** Usage in any of the three key families (§5), plus Puter's `usd_cents`. */
export const PuterUsage = Type.Object({
  prompt_tokens: Type.Optional(Type.Number()),
  completion_tokens: Type.Optional(Type.Number()),
  cached_tokens: Type.Optional(Type.Number()),
  input_tokens: Type.Optional(Type.Number()),
  output_tokens: Type.Optional(Type.Number()),
  cache_read_input_tokens: Type.Optional(Type.Number()),
  ephemeral_5m_input_tokens: Type.Optional(Type.Number()),
  ephemeral_1h_input_tokens: Type.Optional(Type.Number()),
  thinking_tokens: Type.Optional(Type.Number()),
  prompt: Type.Optional(Type.Number()),
  completion: Type.Optional(Type.Number()),
  input_cache_read: Type.Optional(Type.Number()),
  usd_cents: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
}, Loose)
export type PuterUsage = Static<typeof PuterUsage>

/** A content block of a Claude-shaped (or normalised) message. */
export interface PuterBlock {
  type?: string
  text?: string
  thinking?: string
  id?: string
  name?: string
  input?: unknown
  [key: string]: unknown
}

/** A tool call in OpenAI shape, as OpenAI-family and Responses results carry them. */
export interface PuterToolCall {
  id?: string
  type?: string
  function?: { name?: string; arguments?: string | Record<string, unknown> }
  extra_content?: unknown
  [key: string]: unknown
}

/** The `message` of a non-stream result, in any of the three families (§5). */
export interface PuterMessage {
  role?: string
  content?: string | PuterBlock[] | null
  tool_calls?: PuterToolCall[] | null
  reasoning_content?: string | null
  reasoning?: string | null
  refusal?: string | null
  annotations?: unknown[]
  stop_reason?: string | null
  [key: string]: unknown
}

/** The `result` of a non-stream `/drivers/call` chat. */
export interface PuterChatResult {
  message?: PuterMessage
  finish_reason?: string | null
  usage?: PuterUsage
  [key: string]: unknown
}

/** The 200 JSON envelope of `/drivers/call`. */
export interface PuterEnvelope {
  success?: boolean
  result?: unknown
  metadata?: { service_used?: string; providerUsed?: string }
  error?: unknown
}

/** One entry of `GET /puterai/chat/models/details` (§9). */
export const PuterModelDetails = Type.Object({
  id: Type.String(),
  puterId: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String())),
  modalities: Type.Optional(Type.Object({
    input: Type.Optional(Type.Array(Type.String())),
    output: Type.Optional(Type.Array(Type.String())),
  }, Loose)),
  tool_call: Type.Optional(Type.Boolean()),
  open_weights: Type.Optional(Type.Boolean()),
  knowledge: Type.Optional(Type.String()),
  release_date: Type.Optional(Type.String()),
  context: Type.Optional(Type.Number()),
  max_tokens: Type.Optional(Type.Number()),
  costs_currency: Type.Optional(Type.String()),
  costs: Type.Optional(Type.Record(Type.String(), Type.Number())),
  input_cost_key: Type.Optional(Type.String()),
  output_cost_key: Type.Optional(Type.String()),
  subscriberOnly: Type.Optional(Type.Boolean()),
}, Loose)
export type PuterModelDetails = Static<typeof PuterModelDetails>

/** Ids Puter keeps out of its public model lists (test and policy models). */
export const HIDDEN_MODEL_IDS = new Set(['fake', 'costly', 'abuse', 'model-fallback-test-1'])
