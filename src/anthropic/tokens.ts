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

/** Roughly 4 characters a token, until the tokenizer is loaded (within 25 % of o200k on recorded Claude Code traffic). */
export const byLength: Counter = (text) => Math.ceil(text.length / 4)

/**
 * BPE merges cost the square of a pre-token's length: one 256 K-character word
 * took minutes. Runs without whitespace are counted in slices of this many
 * characters (a token never spans more than a few dozen), which keeps the cost
 * linear and the count within a token per slice.
 */
const RUN_SLICE = 128
/** Characters of one request counted exactly (about 50 ms of CPU at worst); the rest is estimated by length. */
export const EXACT_BUDGET_CHARS = 1_000_000

const PER_MESSAGE = 4
const PER_IMAGE = 1_600
const PER_TOOL = 8
const CACHE_LIMIT = 5_000
const cache = new Map<bigint | number, number>()

/** A counter for one request: exact (cached) counts while its budget lasts, by length after. */
function requestCounter(): Counter {
  if (!o200k) return byLength
  const exact = o200k
  let budget = EXACT_BUDGET_CHARS
  return (text) => {
    if (text.length > budget) return byLength(text)
    budget -= text.length
    return cachedCount(exact, text)
  }
}

function cachedCount(o200k: Counter, text: string): number {
  if (text.length < 64) return o200k(text)
  const key = Bun.hash(text)
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const count = linearCount(o200k, text)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(key, count)
  return count
}

/** o200k's count with long runs sliced, so that the cost stays linear in the length (a plain scan: a `\\S{129,}` regex was itself slow on such runs). */
export function linearCount(o200k: Counter, text: string): number {
  let total = 0
  let start = 0
  let runStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      runStart = i + 1
    } else if (i - runStart >= RUN_SLICE && (c < 0xdc00 || c > 0xdfff)) {
      // Cut before i (never inside a surrogate pair: half an emoji counts as a replacement character).
      total += o200k(text.slice(start, i))
      start = runStart = i
    }
  }
  return total + o200k(text.slice(start))
}

function blockTokens(block: unknown, countText: Counter): number {
  const countBlock = (b: unknown) => blockTokens(b, countText)
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

/**
 * The input tokens a Messages request would use: o200k counts once the
 * tokenizer is loaded, else by length. Never waits; starts the tokenizer
 * loading so that the next estimate is a real count (the first message of a
 * Claude Code session is usually preceded by count_tokens calls that load it anyway).
 */
export function estimateInputTokens(request: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>): number {
  if (!o200k) void loadTokenizer()
  return tally(request, requestCounter())
}

/** The by-length estimate alone, whatever is loaded: what `message_start` says before the tokenizer is ready. */
export function estimateByLength(request: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>): number {
  return tally(request, byLength)
}

function tally(request: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>, countText: Counter): number {
  const countBlock = (block: unknown): number => blockTokens(block, countText)
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
