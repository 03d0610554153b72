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
const decoder = new TextDecoder()

function requestFor(target: Target, shape: Shape, stream: boolean): [string, RequestInit] {
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
    const separator = target.wire === 'openai' ? '\n\n' : '\n'
    let pending = ''
    let done = false
    for await (const bytes of res.body) {
      const t = now()
      if (sample.ttfbMs === 0) sample.ttfbMs = t - start
      pending += decoder.decode(bytes, { stream: true })
      let cut = pending.indexOf(separator)
      while (cut !== -1) {
        const unit = pending.slice(0, cut)
        pending = pending.slice(cut + separator.length)
        cut = pending.indexOf(separator)
        const text = target.wire === 'openai' ? sseContent(unit) : ndjsonText(unit)
        if (unit === 'data: [DONE]' || unit.includes('"type":"usage"')) done = true
        if (text === undefined) continue
        if (sample.chunks === 0) sample.ttftMs = t - start
        sample.chunks++
        sample.delaysMs.push(t - sentAt(text))
      }
    }
    return { ...sample, ok: done && sample.chunks === shape.chunks, totalMs: now() - start }
  } catch {
    return { ...sample, totalMs: now() - start }
  }
}

function ndjsonText(line: string): string | undefined {
  if (!line.startsWith('{"type":"text"')) return undefined
  return (JSON.parse(line) as { text: string }).text
}

function sseContent(frame: string): string | undefined {
  if (!frame.startsWith('data: {')) return undefined
  const chunk = JSON.parse(frame.slice(6)) as { choices?: { delta?: { content?: string } }[] }
  const content = chunk.choices?.[0]?.delta?.content
  return content ? content : undefined
}

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
