/**
 * The reference hop and the stripped-down ones: each adds one layer of the
 * proxy's work to the one before, so the cost of each layer can be read off
 * (`decompose.ts`). HOP selects it; UPSTREAM is the upstream's origin.
 * Prints `{"port":N}` when listening.
 *
 *   pipe       the pass-through: Bun.serve + fetch, piping the upstream's body back unchanged. The
 *              thinnest hop possible on this stack, which run.ts measures the proxy against
 *   js-pump    the upstream body read in JavaScript, chunk by chunk, and written back unchanged
 *   js-resize  the same, writing per NDJSON line a frame as long as the proxy's (bytes, not translation)
 *   translate  the proxy's own reader, translator, OpenAI format and SSE pump, without the HTTP framework,
 *              validation, auth, limiter, metrics or log line
 */
const upstream = process.env.UPSTREAM!
const hop = process.env.HOP!
// Loaded only where used, so the other hops' memory is not the proxy's modules'.
const proxy = hop === 'translate'
  ? await Promise.all([import('../src/openai/stream.ts'), import('../src/openai/sse-format.ts'), import('../src/puter/ndjson.ts'), import('../src/sse.ts')])
  : undefined
const SSE_TYPE = { 'content-type': 'text/event-stream; charset=utf-8' }
const encoder = new TextEncoder()
/** About what the proxy writes per content chunk of the benchmark (an id, the constant fields, the delta). */
const OPENAI_SIZED = encoder.encode(`data: {"id":"chatcmpl-${'0'.repeat(32)}","object":"chat.completion.chunk","created":1700000000,"model":"bench","choices":[{"index":0,"delta":{"content":"1700000000000.000|xx"},"logprobs":null,"finish_reason":null}]}\n\n`)

const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  idleTimeout: 0,
  async fetch(req, srv) {
    srv.timeout(req, 0)
    const res = await fetch(upstream + new URL(req.url).pathname, {
      method: req.method,
      headers: { 'content-type': 'application/json', authorization: req.headers.get('authorization') ?? '' },
      body: req.body,
      signal: req.signal,
      timeout: false,
    } as RequestInit)
    if (hop === 'pipe') {
      return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream' } })
    }
    if (proxy) {
      const [{ createChunkTranslator }, { createOpenAiSse }, { readNdjson }, { SSE_HEADERS, toSseStream }] = proxy
      const translator = createChunkTranslator({ id: `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model: 'bench', includeUsage: false })
      const stream = toSseStream(readNdjson(res.body!), translator, { format: createOpenAiSse(), heartbeatMs: 0, onCancel: () => {}, isAborted: () => false })
      return new Response(stream, { headers: SSE_HEADERS })
    }
    const reader = res.body!.getReader()
    return new Response(new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read()
        if (done) return controller.close()
        if (hop === 'js-pump') return controller.enqueue(value)
        let lines = 0
        for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++
        const out = new Uint8Array(lines * OPENAI_SIZED.length)
        for (let i = 0; i < lines; i++) out.set(OPENAI_SIZED, i * OPENAI_SIZED.length)
        controller.enqueue(out)
      },
    }), { headers: SSE_TYPE })
  },
})
console.log(JSON.stringify({ port: server.port }))

// A module, not a global script: its names stay its own when the project is type-checked.
export {}
