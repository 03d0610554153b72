/**
 * `bun run bench:decompose [-- --quick]`: where a translating hop's CPU goes.
 * (`--smoke` runs a handful of streams, for the test that keeps it working.)
 * Runs the same streams through hops that each add one layer of the proxy's
 * work (native pipe → JS pump → proxy-sized output → translation → the whole
 * proxy) and prints the hop process's CPU per stream and per chunk. The
 * client only counts bytes, so it takes as little CPU from the hops as it can.
 * Figures go to bench/results/decompose[-quick].json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'

const SMOKE = process.argv.includes('--smoke')
const QUICK = SMOKE || process.argv.includes('--quick')
const root = join(import.meta.dir, '..')
const children: { kill(): void }[] = []
process.on('exit', () => children.forEach((c) => c.kill()))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1))

async function start(cmd: string[], env: Record<string, string>): Promise<{ pid: number; base: string }> {
  const proc = Bun.spawn(cmd, { cwd: root, env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'inherit' })
  children.push(proc)
  const { value } = await proc.stdout.getReader().read()
  const line = new TextDecoder().decode(value).split('\n')[0]!
  return { pid: proc.pid, base: `http://127.0.0.1:${JSON.parse(line).port}` }
}
async function startProxy(upstream: string): Promise<{ pid: number; base: string }> {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port
  probe.stop(true)
  const proc = Bun.spawn(['bun', 'src/index.ts'], {
    cwd: root, stdout: 'ignore', stderr: 'inherit',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUTER_API_ORIGIN: upstream, LOG_LEVEL: 'info', MAX_CONCURRENT_PER_TOKEN: '10000', RATE_LIMIT_PER_TOKEN: '1000000', QUEUE_MAX_PER_TOKEN: '100000' },
  })
  children.push(proc)
  const base = `http://127.0.0.1:${port}`
  while (!(await fetch(`${base}/health`).then((r) => r.ok, () => false))) await Bun.sleep(10)
  return { pid: proc.pid, base }
}
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

interface Shape { chunks: number; size: number; delayMs: number }
async function stream(base: string, openai: boolean, shape: Shape): Promise<number> {
  const body = openai
    ? { model: 'bench', stream: true, messages: [{ role: 'user', content: 'x' }], bench: shape }
    : { interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete', args: { model: 'bench', stream: true, messages: [], bench: shape } }
  const res = await fetch(`${base}${openai ? '/v1/chat/completions' : '/drivers/call'}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer tok-bench-decompose' }, body: JSON.stringify(body),
  })
  let bytes = 0
  for await (const chunk of res.body!) bytes += chunk.length
  return bytes
}

const upstream = await start(['bun', 'bench/upstream.ts'], {})
const targets = [
  { name: 'native pipe', ...(await start(['bun', 'bench/passthrough.ts'], { UPSTREAM: upstream.base })), openai: false },
  { name: 'js pump', ...(await start(['bun', 'bench/hops.ts'], { UPSTREAM: upstream.base, HOP: 'js-pump' })), openai: false },
  { name: 'js pump, proxy-sized output', ...(await start(['bun', 'bench/hops.ts'], { UPSTREAM: upstream.base, HOP: 'js-resize' })), openai: false },
  { name: 'translation + SSE pump', ...(await start(['bun', 'bench/hops.ts'], { UPSTREAM: upstream.base, HOP: 'translate' })), openai: false },
  { name: 'whole proxy', ...(await startProxy(upstream.base)), openai: true },
]
const workloads = [
  { name: 'long: 1000 chunks, no delay, 100 at a time', shape: { chunks: 1000, size: 20, delayMs: 0 }, concurrency: 100, requests: SMOKE ? 20 : QUICK ? 300 : 1500 },
  { name: 'paced: 50 chunks 2 ms apart (a read per chunk), 200 at a time', shape: { chunks: 50, size: 20, delayMs: 2 }, concurrency: 200, requests: SMOKE ? 50 : QUICK ? 1000 : 5000 },
]

const results: { workload: string; target: string; cpuUsPerStream: number; cpuUsPerChunk: number; bytesPerStream: number }[] = []
for (const workload of workloads) {
  for (const target of targets) {
    for (let i = 0; i < (SMOKE ? 2 : 30); i++) await stream(target.base, target.openai, workload.shape)
    // Best of three rounds: the machine is shared, and noise only ever adds time.
    let best = Infinity
    let bytes = 0
    for (let round = 0; round < (SMOKE ? 1 : 3); round++) {
      const before = cpuMs(target.pid)
      let left = workload.requests
      await Promise.all(Array.from({ length: workload.concurrency }, async () => {
        while (left-- > 0) {
          const n = await stream(target.base, target.openai, workload.shape)
          bytes = n
        }
      }))
      best = Math.min(best, ((cpuMs(target.pid) - before) * 1000) / workload.requests)
    }
    results.push({ workload: workload.name, target: target.name, cpuUsPerStream: Math.round(best), cpuUsPerChunk: Math.round((best / workload.shape.chunks) * 100) / 100, bytesPerStream: bytes })
  }
}

console.log(`\ndecomposition${QUICK ? ' (quick)' : ''}, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Bun ${Bun.version}: CPU of the hop process`)
for (const workload of workloads) {
  console.log(`\n${workload.name}`)
  const rows = results.filter((r) => r.workload === workload.name)
  const pipe = rows[0]!.cpuUsPerStream
  let previous = 0
  for (const r of rows) {
    const step = previous ? `${r.cpuUsPerStream >= previous ? "+" : ""}${r.cpuUsPerStream - previous}` : ''
    console.log(`  ${r.target.padEnd(30)} ${String(r.cpuUsPerStream).padStart(6)} µs/stream ${String(r.cpuUsPerChunk).padStart(7)} µs/chunk ${`${(r.cpuUsPerStream / pipe).toFixed(2)}×`.padStart(7)} ${step.padStart(7)} ${String(r.bytesPerStream).padStart(8)} B/stream`)
    previous = r.cpuUsPerStream
  }
}
mkdirSync(join(import.meta.dir, 'results'), { recursive: true })
const file = join(import.meta.dir, 'results', `decompose${SMOKE ? '-smoke' : QUICK ? '-quick' : ''}.json`)
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), quick: QUICK, machine: { cpus: cpus().length, model: cpus()[0]?.model, bun: Bun.version }, results }, null, 2)}\n`)
console.log(`\nwrote ${file}`)
process.exit(0)
