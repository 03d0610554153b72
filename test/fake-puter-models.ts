/**
 * The fake Puter's model catalogue: a few real-looking entries in the shape of
 * `/puterai/chat/models/details` (§9), plus the hidden test models.
 */

export interface FakeModel {
  id: string
  puterId?: string
  provider: string
  name?: string
  aliases: string[]
  modalities: { input: string[]; output: string[] }
  tool_call: boolean
  release_date?: string
  context?: number
  max_tokens?: number
  costs_currency: 'usd-cents'
  costs: Record<string, number>
  /** Which result shape the fake answers with (§5). */
  family: 'openai' | 'claude' | 'openrouter'
  /** Kept out of the public lists, as Puter does. */
  hidden?: boolean
}

const base = { costs_currency: 'usd-cents' as const, costs: { tokens: 1_000_000, prompt_tokens: 5, completion_tokens: 40 } }

export const CATALOGUE: FakeModel[] = [
  {
    ...base, id: 'gpt-5-nano-2025-08-07', puterId: 'openai:openai/gpt-5-nano', provider: 'openai-completion', family: 'openai',
    aliases: ['gpt-5-nano', 'openai/gpt-5-nano', 'openai:openai/gpt-5-nano'],
    modalities: { input: ['text', 'image'], output: ['text'] }, tool_call: true, release_date: '2025-08-07', context: 400000, max_tokens: 128000,
  },
  {
    ...base, id: 'claude-sonnet-4-5-20250929', puterId: 'anthropic:anthropic/claude-sonnet-4-5', provider: 'claude', family: 'claude', name: 'Claude Sonnet 4.5',
    aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5', 'anthropic:anthropic/claude-sonnet-4-5'],
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] }, tool_call: true, release_date: '2025-09-29', context: 200000, max_tokens: 64000,
  },
  {
    ...base, id: 'claude-sonnet-5', puterId: 'anthropic:anthropic/claude-sonnet-5', provider: 'claude', family: 'claude', name: 'Claude Sonnet 5',
    aliases: ['claude-sonnet-latest', 'anthropic/claude-sonnet-5', 'anthropic:anthropic/claude-sonnet-5'],
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] }, tool_call: true, release_date: '2026-02-17', context: 1000000, max_tokens: 64000,
  },
  {
    ...base, id: 'claude-opus-5', puterId: 'anthropic:anthropic/claude-opus-5', provider: 'claude', family: 'claude', name: 'Claude Opus 5',
    aliases: ['claude-opus-5-latest', 'anthropic/claude-opus-5', 'anthropic:anthropic/claude-opus-5'],
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] }, tool_call: true, release_date: '2026-05-14', context: 1000000, max_tokens: 128000,
  },
  {
    ...base, id: 'gemini-2.5-flash', puterId: 'google:google/gemini-2.5-flash', provider: 'gemini', family: 'openai', name: 'Gemini 2.5 Flash',
    aliases: ['google/gemini-2.5-flash', 'google:google/gemini-2.5-flash'],
    modalities: { input: ['text', 'image', 'audio', 'video', 'pdf'], output: ['text'] }, tool_call: true, release_date: '2025-06-17', context: 1048576, max_tokens: 65536,
  },
  {
    ...base, id: 'openrouter:anthropic/claude-3.5-sonnet', provider: 'openrouter', family: 'openrouter', name: 'Anthropic: Claude 3.5 Sonnet',
    aliases: ['anthropic/claude-3.5-sonnet', 'openrouter/anthropic/claude-3.5-sonnet', 'claude-3.5-sonnet'],
    modalities: { input: ['text', 'image'], output: ['text'] }, tool_call: true, context: 200000, max_tokens: 8192,
  },
  { ...base, id: 'fake', provider: 'fake-chat', family: 'claude', aliases: [], modalities: { input: ['text'], output: ['text'] }, tool_call: false, hidden: true },
  { ...base, id: 'costly', provider: 'fake-chat', family: 'claude', aliases: [], modalities: { input: ['text'], output: ['text'] }, tool_call: false, hidden: true },
  { ...base, id: 'abuse', provider: 'fake-chat', family: 'claude', aliases: [], modalities: { input: ['text'], output: ['text'] }, tool_call: false, hidden: true },
  { ...base, id: 'model-fallback-test-1', provider: 'fake-chat', family: 'openai', aliases: [], modalities: { input: ['text'], output: ['text'] }, tool_call: false, hidden: true },
]

/** Puter's lookup: id, puterId or alias, case- and whitespace-insensitive (§6). */
export function resolveModel(requested: unknown): FakeModel | undefined {
  if (typeof requested !== 'string') return undefined
  const key = requested.trim().toLowerCase()
  return CATALOGUE.find((m) => m.id === key || m.puterId?.toLowerCase() === key || m.aliases.some((a) => a.toLowerCase() === key))
}

/**
 * The fake's image catalogue, in the shape of `/puterai/image/models/details`:
 * Puter's image model entries plus `provider` (no release date, context or
 * modalities), sorted by provider then id, with a hidden test id.
 */
export const IMAGE_CATALOGUE = [
  {
    puterId: 'gemini:google/gemini-2.5-flash-image', id: 'gemini-2.5-flash-image', provider: 'gemini', name: 'Nano Banana',
    aliases: ['google/gemini-2.5-flash-image', 'gemini:google/gemini-2.5-flash-image'], costs_currency: 'usd-cents', costs: { '1MP': 3.9 },
  },
  {
    puterId: 'openai:openai/gpt-image-1-mini', id: 'gpt-image-1-mini', provider: 'openai-image-generation', name: 'GPT Image 1 Mini', version: '1.0',
    aliases: ['openai/gpt-image-1-mini', 'openai:openai/gpt-image-1-mini'], costs_currency: 'usd-cents', index_cost_key: 'low:1024x1024',
    costs: { 'low:1024x1024': 0.5 }, allowedQualityLevels: ['low', 'medium', 'high', 'auto'],
  },
  { id: 'fake', provider: 'openai-image-generation', name: 'Fake', aliases: [], costs_currency: 'usd-cents', costs: {}, hidden: true },
]
