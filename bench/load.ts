/**
 * The load generator: requests against one target, timed on the client.
 * Streams are read as NDJSON (Puter's wire: direct and pass-through) or SSE
 * (the proxy); each text chunk carries the upstream's send time, so the
 * delay each chunk picked up through the hop is measured directly.
 */

export type Wire = 'puter' | 'openai'
export interface Target {
  name: string
  base: string
  wire: Wire
  /** The process whose CPU and memory are measured (none for the upstream itself). */
  pid?: number
}
export interface Shape {
  chunks: number
  size: number
  delayMs: number
  firstDelayMs?: number
}
export interface Sample {
  ok: boolean
  ttfbMs: number
  ttftMs: number
  totalMs: number
  chunks: number
  delaysMs: number[]
}

const now = () => performance.timeOrigin + performance.now()
const TOKEN = 'tok-bench-0000000000000000'
/** The request for `shape` on the target's wire: OpenAI's chat completions, or Puter's driver call. */
export function requestFor(target: Pick<Target, 'base' | 'wire'>, shape: Shape, stream: boolean): [string, RequestInit] {
  const messages = [{ role: 'user', content: 'benchmark' }]
  const init = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  })
  if (target.wire === 'openai') return [`${target.base}/v1/chat/completions`, init({ model: 'bench', stream, messages, bench: shape })]
  return [`${target.base}/drivers/call`, init({ interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete', args: { model: 'bench', stream, messages, bench: shape } })]
}

/** The upstream's send time at the start of a chunk's text: `<ms>|padding`. */
const sentAt = (text: string) => Number(text.slice(0, text.indexOf('|')))

/** One request, timed; never throws. */
export async function runOne(target: Target, shape: Shape, stream: boolean): Promise<Sample> {
  const start = now()
  const sample: Sample = { ok: false, ttfbMs: 0, ttftMs: 0, totalMs: 0, chunks: 0, delaysMs: [] }
  try {
    const [url, init] = requestFor(target, shape, stream)
    const res = await fetch(url, init)
    if (!res.ok || !res.body) {
      await res.arrayBuffer().catch(() => {})
      return { ...sample, totalMs: now() - start }
    }
    if (!stream) {
      await res.arrayBuffer()
      const t = now() - start
      return { ...sample, ok: true, ttfbMs: t, ttftMs: t, totalMs: t, chunks: 1 }
    }
    const openai = target.wire === 'openai'
    const separator = openai ? '\n\n' : '\n'
    const decoder = new TextDecoder()
    let pending = ''
    let done = false
    for await (const bytes of res.body) {
      const t = now()
      if (sample.ttfbMs === 0) sample.ttfbMs = t - start
      pending += decoder.decode(bytes, { stream: true })
      let from = 0
      let cut = pending.indexOf(separator)
      while (cut !== -1) {
        const unit = pending.slice(from, cut)
        from = cut + separator.length
        cut = pending.indexOf(separator, from)
        if (openai ? unit === 'data: [DONE]' : unit.startsWith('{"type":"usage"')) done = true
        const text = openai ? sseContent(unit) : ndjsonText(unit)
        if (text === undefined) continue
        if (sample.chunks === 0) sample.ttftMs = t - start
        sample.chunks++
        sample.delaysMs.push(t - sentAt(text))
      }
      pending = pending.slice(from)
    }
    return { ...sample, ok: done && sample.chunks === shape.chunks, totalMs: now() - start }
  } catch {
    return { ...sample, totalMs: now() - start }
  }
}

/**
 * The text of a content chunk, found by position rather than by parsing the
 * whole frame: the load generator shares the cores with the hop it measures,
 * so it does as little per chunk as it can, and the same on both wires.
 */
function contentAfter(unit: string, key: string): string | undefined {
  const at = unit.indexOf(key)
  if (at === -1) return undefined
  const start = at + key.length
  const end = unit.indexOf('"', start)
  return end > start ? unit.slice(start, end) : undefined
}
const ndjsonText = (line: string) => (line.startsWith('{"type":"text"') ? contentAfter(line, '"text":"') : undefined)
const sseContent = (frame: string) => (frame.startsWith('data: {') ? contentAfter(frame, '"content":"') : undefined)

/** `workers` loops of back-to-back requests until `durationMs` has passed. */
export async function closedLoop(target: Target, shape: Shape, stream: boolean, workers: number, durationMs: number): Promise<Sample[]> {
  const end = now() + durationMs
  const samples: Sample[] = []
  await Promise.all(Array.from({ length: workers }, async () => {
    while (now() < end) samples.push(await runOne(target, shape, stream))
  }))
  return samples
}

/** Arrivals at a fixed rate regardless of completions (open loop), for `durationMs`; waits for all to finish. */
export async function openLoop(target: Target, shape: Shape, ratePerSecond: number, durationMs: number): Promise<Sample[]> {
  const count = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000))
  const gap = 1000 / ratePerSecond
  return Promise.all(Array.from({ length: count }, (_, i) =>
    new Promise<Sample>((resolve) => setTimeout(() => resolve(runOne(target, shape, true)), i * gap))))
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
