/**
 * What the front door's guards cost per request (`bun run bench:guards`):
 * the body read under its size and time limits, strict UTF-8, JSON.parse and
 * the depth and odd-object walk, against the framework's plain
 * `request.json()`, on the same bodies in the same run. Prints µs per request
 * and the difference, best of three rounds.
 */
import { bodyLimits } from '../src/app.ts'
import { readGuardedBody } from '../src/body.ts'
import { loadConfig } from '../src/config.ts'

const limits = bodyLimits(loadConfig({}))
const bodies = {
  'chat, 1 KB': JSON.stringify({ model: 'gpt-5-nano', stream: true, messages: [{ role: 'system', content: 'You are helpful. '.repeat(10) }, { role: 'user', content: 'Write a poem about the sea. '.repeat(20) }] }),
  'agent turn, 100 KB': JSON.stringify({
    model: 'claude-opus-5', max_tokens: 32000, stream: true, system: [{ type: 'text', text: 'Rules. '.repeat(800) }],
    tools: Array.from({ length: 20 }, (_, i) => ({ name: `tool_${i}`, description: 'Does a thing. '.repeat(20), input_schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'number' } } } } })),
    messages: Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: [{ type: 'text', text: 'Some words of the conversation. '.repeat(60) }] })),
  }),
}

const request = (body: string) => new Request('http://localhost/v1/chat/completions', {
  method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body,
})

async function perRequest(n: number, body: string, read: (r: Request) => Promise<unknown>): Promise<number> {
  let best = Infinity
  for (let round = 0; round < 3; round++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await read(request(body))
    best = Math.min(best, ((performance.now() - t) / n) * 1000)
  }
  return best
}

const rows = []
for (const [name, body] of Object.entries(bodies)) {
  const n = body.length > 10_000 ? 2_000 : 20_000
  const plain = await perRequest(n, body, (r) => r.json())
  const guarded = await perRequest(n, body, (r) => readGuardedBody(r, limits))
  rows.push({ body: name, 'request.json() µs': +plain.toFixed(2), 'guarded µs': +guarded.toFixed(2), 'added µs': +(guarded - plain).toFixed(2) })
}
console.table(rows)
