/**
 * `count_tokens`, answered locally. Text is counted with gpt-tokenizer's
 * o200k encoding (a maintained BPE tokenizer; Claude's own tokenizer is not
 * published, and o200k counts land close to it for English and code). Images
 * and document pages count a flat 1,600 tokens (Anthropic's cost of a
 * ~1.15-megapixel image), and each message adds a few tokens of framing.
 * Agents resend the same long prefix many times a second, so counts are
 * cached per text block by hash.
 *
 * The encoding weighs about 60 MB and 0.7 s to load, so it loads on first use.
 */
import type { CountTokensRequest } from './schema.ts'

type Counter = (text: string) => number
let o200k: Counter | undefined
let loading: Promise<Counter> | undefined

/** Loads the tokenizer once; later calls resolve at once. */
export function loadTokenizer(): Promise<Counter> {
  loading ??= import('gpt-tokenizer').then((m) => (o200k = m.countTokens))
  return loading
}

/** The count_tokens answer: exact o200k counts (loads the tokenizer the first time). */
export async function countInputTokens(request: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>): Promise<number> {
  await loadTokenizer()
  return estimateInputTokens(request)
}

/** Roughly 4 characters a token, until the tokenizer is loaded. */
const byLength: Counter = (text) => Math.ceil(text.length / 4)

const PER_MESSAGE = 4
const PER_IMAGE = 1_600
const PER_TOOL = 8
const CACHE_LIMIT = 5_000
const cache = new Map<bigint | number, number>()

function countText(text: string): number {
  if (!o200k) return byLength(text)
  if (text.length < 64) return o200k(text)
  const key = Bun.hash(text)
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const count = o200k(text)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(key, count)
  return count
}

function countBlock(block: unknown): number {
  if (typeof block === 'string') return countText(block)
  if (typeof block !== 'object' || block === null) return 0
  const b = block as Record<string, unknown>
  switch (b.type) {
    case 'text':
      return countText(String(b.text ?? ''))
    case 'image':
    case 'document':
      return PER_IMAGE
    case 'tool_use':
      return countText(`${b.name ?? ''} ${JSON.stringify(b.input ?? {})}`)
    case 'tool_result':
      return Array.isArray(b.content) ? b.content.reduce((n: number, c) => n + countBlock(c), 0) : countBlock(b.content ?? '')
    case 'thinking':
      return countText(String(b.thinking ?? ''))
    default:
      return countText(JSON.stringify(b))
  }
}

/** The input tokens a Messages request would use: o200k counts once the tokenizer is loaded, else by length. Never waits. */
export function estimateInputTokens(request: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>): number {
  let total = 0
  if (typeof request.system === 'string') total += countText(request.system)
  else for (const block of request.system ?? []) total += countText(block.text)
  for (const message of request.messages) {
    total += PER_MESSAGE
    total += typeof message.content === 'string' ? countText(message.content) : message.content.reduce((n, b) => n + countBlock(b), 0)
  }
  for (const tool of request.tools ?? []) total += PER_TOOL + countText(JSON.stringify(tool))
  return total
}
