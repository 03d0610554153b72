/**
 * Puter reports usage in three key families depending on the provider (§5):
 * OpenAI-style (`prompt_tokens`, with cached tokens subtracted), Claude-style
 * (`input_tokens` plus cache keys) and OpenRouter-style (`prompt`, `completion`).
 * Every surface reads them through here.
 */
import type { PuterUsage } from './wire.ts'

export interface TokenCounts {
  /** All input tokens, cached ones included (OpenAI's meaning of prompt_tokens). */
  input: number
  output: number
  cachedInput: number
  /** Input tokens written to the prompt cache (Claude's ephemeral keys). */
  cacheWrite: number
  reasoning: number
  /** Puter's price of the request in US cents, when it knows one. */
  usdCents: number | null
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** Normalises any Puter usage object; missing keys count as zero. */
export function readUsage(usage: PuterUsage | undefined | null): TokenCounts {
  const u = (usage ?? {}) as Record<string, unknown>
  const usdCents = typeof u.usd_cents === 'number' ? u.usd_cents : null
  if (u.input_tokens !== undefined || u.output_tokens !== undefined) {
    const cacheRead = num(u.cache_read_input_tokens)
    const cacheWrite = num(u.ephemeral_5m_input_tokens) + num(u.ephemeral_1h_input_tokens)
    return {
      input: num(u.input_tokens) + cacheRead + cacheWrite,
      output: num(u.output_tokens),
      cachedInput: cacheRead,
      cacheWrite,
      reasoning: num(u.thinking_tokens),
      usdCents,
    }
  }
  if (u.prompt !== undefined || u.completion !== undefined) {
    return { input: num(u.prompt), output: num(u.completion), cachedInput: num(u.input_cache_read), cacheWrite: 0, reasoning: 0, usdCents }
  }
  // Puter's OpenAI utility subtracts cached tokens from prompt_tokens; add them back.
  const cached = num(u.cached_tokens)
  return {
    input: num(u.prompt_tokens) + cached,
    output: num(u.completion_tokens),
    cachedInput: cached,
    cacheWrite: 0,
    reasoning: num(u.thinking_tokens),
    usdCents,
  }
}
