/**
 * `bun run bench:decompose [-- --quick]`: where a translating hop's CPU goes.
 * (`--smoke` runs a handful of streams, for the test that keeps it working.)
 * Runs the same streams through hops that each add one layer of the proxy's
 * work (native pipe → JS pump → proxy-sized output → translation → the whole
 * proxy) and prints the hop process's CPU per stream and per chunk. The
 * client only counts bytes, so it takes as little CPU from the hops as it can.
 * Figures go to bench/results/decompose[-quick].json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { requestFor, type Shape, type Target } from './load.ts'
import { cpuMs, spawn, spawnProxy } from './procs.ts'

const SMOKE = process.argv.includes('--smoke')
const QUICK = SMOKE || process.argv.includes('--quick')
/** One stream through `target`, read to the end; its byte count. */
async function stream(target: Pick<Target, 'base' | 'wire'>, shape: Shape): Promise<number> {
  const res = await fetch(...requestFor(target, shape, true))
  let bytes = 0
  for await (const chunk of res.body!) bytes += chunk.length
  return bytes
}

const upstream = await spawn(['bun', 'bench/upstream.ts'], {})
const hop = async (name: string, HOP: string) => ({ name, ...(await spawn(['bun', 'bench/hops.ts'], { UPSTREAM: upstream.base, HOP })), wire: 'puter' as const })
const targets = [
  await hop('native pipe', 'pipe'),
  await hop('js pump', 'js-pump'),
  await hop('js pump, proxy-sized output', 'js-resize'),
  await hop('translation + SSE pump', 'translate'),
  { name: 'whole proxy', ...(await spawnProxy(upstream.base)), wire: 'openai' as const },
]
const workloads = [
  { name: 'long: 1000 chunks, no delay, 100 at a time', shape: { chunks: 1000, size: 20, delayMs: 0 }, concurrency: 100, requests: SMOKE ? 20 : QUICK ? 300 : 1500 },
  { name: 'paced: 50 chunks 2 ms apart (a read per chunk), 200 at a time', shape: { chunks: 50, size: 20, delayMs: 2 }, concurrency: 200, requests: SMOKE ? 50 : QUICK ? 1000 : 5000 },
]

const results: { workload: string; target: string; cpuUsPerStream: number; cpuUsPerChunk: number; bytesPerStream: number }[] = []
for (const workload of workloads) {
  for (const target of targets) {
    for (let i = 0; i < (SMOKE ? 2 : 30); i++) await stream(target, workload.shape)
    // Best of three rounds: the machine is shared, and noise only ever adds time.
    let best = Infinity
    let bytes = 0
    for (let round = 0; round < (SMOKE ? 1 : 3); round++) {
      const before = cpuMs(target.proc.pid)
      let left = workload.requests
      await Promise.all(Array.from({ length: workload.concurrency }, async () => {
        while (left-- > 0) {
          const n = await stream(target, workload.shape)
          bytes = n
        }
      }))
      best = Math.min(best, ((cpuMs(target.proc.pid) - before) * 1000) / workload.requests)
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
