/**
 * The reference hop: the thinnest proxy possible on this stack, Bun.serve +
 * fetch, piping the upstream's body back unchanged. It is the physical limit
 * of one hop on this machine; the translating proxy is measured against it.
 * Prints `{"port":N}` when listening. UPSTREAM is the upstream's origin.
 */
const upstream = process.env.UPSTREAM!

const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  idleTimeout: 0,
  async fetch(req, srv) {
    srv.timeout(req, 0)
    const url = new URL(req.url)
    const res = await fetch(upstream + url.pathname, {
      method: req.method,
      headers: { 'content-type': 'application/json', authorization: req.headers.get('authorization') ?? '' },
      body: req.body,
      signal: req.signal,
      timeout: false,
    } as RequestInit)
    return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream' } })
  },
})
console.log(JSON.stringify({ port: server.port }))
