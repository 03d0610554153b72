/**
 * `count_tokens`, answered locally. Text is counted with gpt-tokenizer's
 * o200k encoding (a maintained BPE tokenizer; Claude's own tokenizer is not
 * published, and o200k counts land close to it for English and code). Images
 * and document pages count a flat 1,600 tokens (Anthropic's cost of a
 * ~1.15-megapixel image), and each message adds a few tokens of framing.
 *
 * The tokenizer runs on a worker thread (token-worker.ts), loaded on first
 * use: the event loop never waits for it. Agents resend the same long prefix
 * many times a second, so counts are cached per text by hash, and
 * `message_start` uses the cached counts (or length ÷ 4 for text never counted).
 * Work per request is bounded: at most `EXACT_BUDGET_CHARS` characters are
 * counted exactly, the rest by length, and a count that takes longer than
 * `COUNT_DEADLINE_MS` falls back to length too.
 */
import type { CountTokensRequest } from './schema.ts'

type Counter = (text: string) => number
type Counted = Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>

/** Roughly 4 characters a token (within 25 % of o200k on recorded Claude Code traffic). */
export const byLength: Counter = (text) => Math.ceil(text.length / 4)

/** Characters of one request counted exactly (about 50 ms of the worker's time at worst); the rest is estimated by length. */
export const EXACT_BUDGET_CHARS = 1_000_000
/** The longest a count waits for the worker before answering with the length estimate. */
export const COUNT_DEADLINE_MS = 5_000

const PER_MESSAGE = 4
const PER_IMAGE = 1_600
const PER_TOOL = 8
const CACHE_LIMIT = 5_000
const cache = new Map<bigint | number, number>()
const keyOf = (text: string) => Bun.hash(text)

let worker: Worker | undefined
let nextId = 0
const pending = new Map<number, (counts: number[] | undefined) => void>()

function tokenizer(): Worker {
  if (worker) return worker
  // In the compiled binary every module is one bundle at the embedded root, and the worker (a second
  // entry point of `bun run build`) sits under its source path there; from source it is beside this file.
  const compiled = import.meta.url.includes('/$bunfs/')
  const w = new Worker(new URL(compiled ? './anthropic/token-worker.ts' : './token-worker.ts', import.meta.url).href)
  w.onmessage = (event: MessageEvent<{ id: number; counts: number[] }>) => {
    pending.get(event.data.id)?.(event.data.counts)
    pending.delete(event.data.id)
  }
  // An idle worker must not keep the process alive.
  w.unref()
  worker = w
  return w
}

/** Counts `texts` on the worker; undefined when it did not answer within the deadline. */
function countOnWorker(texts: string[]): Promise<number[] | undefined> {
  if (texts.length === 0) return Promise.resolve([])
  const id = nextId++
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id)
      resolve(undefined)
    }, COUNT_DEADLINE_MS)
    pending.set(id, (counts) => {
      clearTimeout(timer)
      resolve(counts)
    })
    tokenizer().postMessage({ id, texts })
  })
}

function remember(text: string, count: number): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(keyOf(text), count)
}

/** Starts the worker and its tokenizer, so that the first count does not wait for the load. */
export async function loadTokenizer(): Promise<void> {
  await countOnWorker(['warm up'])
}

/** The count_tokens answer: o200k counts (from the cache, else the worker), within the budget. */
export async function countInputTokens(request: Counted): Promise<number> {
  const missing = new Set<string>()
  let budget = EXACT_BUDGET_CHARS
  tally(request, (text) => {
    if (text.length <= budget && !cache.has(keyOf(text)) && !missing.has(text)) {
      missing.add(text)
      budget -= text.length
    }
    return 0
  })
  const texts = [...missing]
  const counts = await countOnWorker(texts)
  counts?.forEach((count, i) => remember(texts[i]!, count))
  return estimateInputTokens(request)
}

/** The input tokens a Messages request would use, now: cached o200k counts, else by length. Never waits. */
export function estimateInputTokens(request: Counted): number {
  return tally(request, (text) => cache.get(keyOf(text)) ?? byLength(text))
}

/** The by-length estimate alone, whatever is cached. */
export function estimateByLength(request: Counted): number {
  return tally(request, byLength)
}

function tally(request: Counted, countText: Counter): number {
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

