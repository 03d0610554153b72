/**
 * The benchmark's upstream: a fast Puter look-alike on 127.0.0.1, no limits.
 * `args.bench` shapes the answer: { chunks, size, delayMs, firstDelayMs }.
 * Each text chunk starts with its send time (`performance.timeOrigin +
 * performance.now()`, comparable across processes) so the load generator can
 * measure every chunk's delay through a hop.
 * Prints `{"port":N}` when listening.
 */
const encoder = new TextEncoder()
const now = () => performance.timeOrigin + performance.now()

interface Shape {
  chunks: number
  size: number
  delayMs: number
  firstDelayMs: number
}

const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  idleTimeout: 0,
  async fetch(req) {
    if (req.method !== 'POST') return new Response('not found', { status: 404 })
    const body = (await req.json()) as { args?: { stream?: boolean; bench?: Partial<Shape> } }
    const shape: Shape = { chunks: 50, size: 20, delayMs: 0, firstDelayMs: 0, ...body.args?.bench }
    const pad = 'x'.repeat(Math.max(0, shape.size - 18))
    const usage = { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: shape.chunks, cached_tokens: 0, usd_cents: 0 } }
    if (body.args?.stream !== true) {
      if (shape.firstDelayMs) await Bun.sleep(shape.firstDelayMs)
      return Response.json({
        success: true,
        result: { index: 0, message: { role: 'assistant', content: `${now().toFixed(3)}|${pad}` }, finish_reason: 'stop', usage: usage.usage },
        metadata: { service_used: 'bench', providerUsed: 'bench' },
      })
    }
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // An empty first write sends the headers at once, as Puter does when its stream starts.
        controller.enqueue(encoder.encode('\n'))
        if (shape.firstDelayMs) await Bun.sleep(shape.firstDelayMs)
        for (let i = 0; i < shape.chunks; i++) {
          if (i > 0 && shape.delayMs) await Bun.sleep(shape.delayMs)
          controller.enqueue(encoder.encode(`${JSON.stringify({ type: 'text', text: `${now().toFixed(3)}|${pad}` })}\n`))
        }
        controller.enqueue(encoder.encode(`${JSON.stringify(usage)}\n`))
        controller.close()
      },
    })
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson' } })
  },
})
console.log(JSON.stringify({ port: server.port }))

// A module, not a global script: its names stay its own when the project is type-checked.
export {}
