/**
 * `bun run bench [-- --quick]`: starts the fast upstream, the pass-through
 * hop and the proxy as separate processes on 127.0.0.1, runs each workload
 * against the three targets in turn, and prints a table and the ratios
 * proxy / pass-through; the figures also go to bench/results/<mode>.json.
 * Bounded: every workload has a fixed duration or request count.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { cpuMs, freePort, rssMb, spawn, spawnProxy } from './procs.ts'
import { closedLoop, openLoop, percentile, runOne, type Sample, type Shape, type Target } from './load.ts'

/** `--smoke`: a fifth of `--quick`, for the test that checks the benchmark still runs (no figure from it means anything). */
const SMOKE = process.argv.includes('--smoke')
const QUICK = SMOKE || process.argv.includes('--quick')
/** `--only bc` runs the workloads whose names start with those letters (for profiling one of them). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] ?? '' : undefined
/** PROXY_WORKERS=N runs the proxy with WORKERS=N (on a fixed port); CPU and RSS then sum over its processes. */
const WORKERS = Number(process.env.PROXY_WORKERS ?? 1)
const D = (quick: number, full: number) => (SMOKE ? Math.max(1, Math.round(quick / 5)) : QUICK ? quick : full)
/** `--redis` adds a fourth target: the proxy with its limiter and state shared on a real Redis (redis-server on PATH). */
const REDIS = process.argv.includes('--redis')

// ---------- measuring ----------
interface Row {
  workload: string
  target: string
  requests: number
  errors: number
  rps: number
  chunksPerSec: number
  ttfbP50: number
  ttfbP99: number
  ttftP50: number
  ttftP99: number
  chunkDelayP50: number
  chunkDelayP99: number
  totalP50: number
  totalP99: number
  cpuMsPerRequest: number | null
  peakRssMb: number | null
  /** The load generator's own CPU: it shares the cores with the hop it measures. */
  loadgenCpuMsPerRequest: number
}

async function measure(workload: string, target: Target, run: () => Promise<Sample[]>): Promise<Row> {
  const cpu0 = target.pid ? cpuMs(target.pid) : 0
  let peak = target.pid ? rssMb(target.pid) : 0
  const sampler = target.pid ? setInterval(() => (peak = Math.max(peak, rssMb(target.pid!))), 50) : undefined
  const started = performance.now()
  const loadgen0 = process.cpuUsage()
  const samples = await run()
  const loadgen = process.cpuUsage(loadgen0)
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const ok = samples.filter((s) => s.ok)
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    workload, target: target.name, requests: samples.length, errors: samples.length - ok.length,
    rps: round(ok.length / seconds), chunksPerSec: Math.round(ok.reduce((n, s) => n + s.chunks, 0) / seconds),
    ttfbP50: round(percentile(ok.map((s) => s.ttfbMs), 50)), ttfbP99: round(percentile(ok.map((s) => s.ttfbMs), 99)),
    ttftP50: round(percentile(ok.map((s) => s.ttftMs), 50)), ttftP99: round(percentile(ok.map((s) => s.ttftMs), 99)),
    chunkDelayP50: round(percentile(ok.flatMap((s) => s.delaysMs), 50)), chunkDelayP99: round(percentile(ok.flatMap((s) => s.delaysMs), 99)),
    totalP50: round(percentile(ok.map((s) => s.totalMs), 50)), totalP99: round(percentile(ok.map((s) => s.totalMs), 99)),
    cpuMsPerRequest: target.pid ? round((cpuMs(target.pid) - cpu0) / Math.max(1, samples.length)) : null,
    peakRssMb: target.pid ? round(peak) : null,
    loadgenCpuMsPerRequest: round((loadgen.user + loadgen.system) / 1000 / Math.max(1, samples.length)),
  }
}

// ---------- workloads ----------
const realistic: Shape = { chunks: 50, size: 20, delayMs: 20 }
const workloads: { name: string; run: (t: Target) => Promise<Sample[]> }[] = [
  { name: 'a non-stream x100', run: (t) => closedLoop(t, { chunks: 1, size: 200, delayMs: 0 }, false, 100, D(1_500, 6_000)) },
  { name: 'b stream 50x20ms @1', run: (t) => openLoop(t, realistic, 1, D(3_000, 8_000)) },
  { name: 'b stream 50x20ms @100', run: (t) => openLoop(t, realistic, 100, D(2_000, 6_000)) },
  { name: 'b stream 50x20ms @1000', run: (t) => openLoop(t, realistic, 1000, D(1_500, 5_000)) },
  { name: 'c stream 1000x0ms x100', run: (t) => closedLoop(t, { chunks: 1000, size: 20, delayMs: 0 }, true, 100, D(2_000, 6_000)) },
  { name: 'd burst 100 short streams', run: async (t) => (await Promise.all(Array.from({ length: D(2, 5) }, () =>
    Promise.all(Array.from({ length: 100 }, () => runOne(t, { chunks: 20, size: 20, delayMs: 0 }, true)))))).flat() },
]

async function idleStreamMemory(target: Target, count: number): Promise<number> {
  const before = rssMb(target.pid!)
  const controller = new AbortController()
  const open = Array.from({ length: count }, () => fetch(`${target.base}${target.wire === 'openai' ? '/v1/chat/completions' : '/drivers/call'}`, {
    method: 'POST', signal: controller.signal,
    headers: { 'content-type': 'application/json', authorization: 'Bearer tok-bench-idle' },
    body: JSON.stringify(target.wire === 'openai'
      ? { model: 'bench', stream: true, messages: [{ role: 'user', content: 'x' }], bench: { chunks: 1, size: 20, delayMs: 0, firstDelayMs: 60_000 } }
      : { interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete', args: { model: 'bench', stream: true, messages: [], bench: { chunks: 1, size: 20, delayMs: 0, firstDelayMs: 60_000 } } }),
  }).then((r) => r.body?.getReader().read()).catch(() => undefined))
  await Promise.race([Promise.all(open), Bun.sleep(3_000)])
  await Bun.sleep(500)
  const after = rssMb(target.pid!)
  controller.abort()
  return Math.round(((after - before) * 1024) / count * 10) / 10
}

// ---------- main ----------
const upstream = await spawn(['bun', 'bench/upstream.ts'], {})
const passthrough = await spawn(['bun', 'bench/hops.ts'], { UPSTREAM: upstream.base, HOP: 'pipe' })
const coldStart = performance.now()
const proxy = await spawnProxy(upstream.base, { PORT: WORKERS > 1 ? String(freePort()) : '0', WORKERS: String(WORKERS) })
while (!(await fetch(`${proxy.base}/health`).then((r) => r.ok, () => false))) await Bun.sleep(5)
if (WORKERS > 1) await Bun.sleep(1_000) // let the copies start listening too
const coldStartMs = Math.round(performance.now() - coldStart)
await Bun.sleep(300)
const idleRssMb = Math.round(rssMb(proxy.proc.pid) * 10) / 10

const targets: Target[] = [
  { name: 'direct', base: upstream.base, wire: 'puter' },
  { name: 'pass-through', base: passthrough.base, wire: 'puter', pid: passthrough.proc.pid },
  { name: 'proxy', base: proxy.base, wire: 'openai', pid: proxy.proc.pid },
]
let redisServer: ReturnType<typeof Bun.spawn> | undefined
let proxyRedis: Awaited<ReturnType<typeof spawnProxy>> | undefined
if (REDIS) {
  const port = freePort()
  redisServer = Bun.spawn(['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdout: 'ignore', stderr: 'ignore' })
  await Bun.sleep(300)
  proxyRedis = await spawnProxy(upstream.base, { REDIS_URL: `redis://127.0.0.1:${port}/0` })
  while (!(await fetch(`${proxyRedis.base}/health/ready`).then((r) => r.json() as Promise<{ shared_state?: string }>).then((b) => b.shared_state === 'redis', () => false))) await Bun.sleep(20)
  targets.push({ name: 'proxy+redis', base: proxyRedis.base, wire: 'openai', pid: proxyRedis.proc.pid })
}
// Warm each target up first: the JIT compiles hot code on background threads, and that CPU (and the
// pauses it causes) would otherwise land on whichever workload comes first, the slow @1 one above all.
for (const target of targets) {
  for (let round = 0; round < (SMOKE ? 1 : 3); round++) {
    await Promise.all([
      ...Array.from({ length: 100 }, () => runOne(target, { chunks: 1, size: 20, delayMs: 0 }, false)),
      ...Array.from({ length: 100 }, () => runOne(target, { chunks: 20, size: 20, delayMs: 0 }, true)),
      ...Array.from({ length: 50 }, () => runOne(target, { chunks: 50, size: 20, delayMs: 2 }, true)),
    ])
  }
}
await Bun.sleep(1_000)

const rows: Row[] = []
for (const workload of workloads.filter((w) => ONLY === undefined || ONLY.includes(w.name[0]!))) {
  for (const target of targets) {
    rows.push(await measure(workload.name, target, () => workload.run(target)))
    await Bun.sleep(300)
  }
}
const idleStreams = D(200, 1000)
const perStreamKb = { passthrough: await idleStreamMemory(targets[1]!, idleStreams), proxy: await idleStreamMemory(targets[2]!, idleStreams) }
await Bun.sleep(1_500)
Bun.gc(true)
const rssAfterMb = Math.round(rssMb(proxy.proc.pid) * 10) / 10

for (const p of [proxy, passthrough, upstream, proxyRedis]) p?.proc.kill()
redisServer?.kill()

// ---------- report ----------
const cols: (keyof Row)[] = ['requests', 'errors', 'rps', 'chunksPerSec', 'ttftP50', 'ttftP99', 'chunkDelayP50', 'chunkDelayP99', 'totalP50', 'totalP99', 'cpuMsPerRequest', 'peakRssMb', 'loadgenCpuMsPerRequest']
console.log(`\n${QUICK ? 'QUICK' : 'FULL'} benchmark, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Bun ${Bun.version}, proxy WORKERS=${WORKERS}`)
console.log(['workload'.padEnd(26), 'target'.padEnd(13), ...cols.map((c) => String(c).padStart(11))].join(''))
for (const r of rows) console.log([r.workload.padEnd(26), r.target.padEnd(13), ...cols.map((c) => String(r[c] ?? '-').padStart(11))].join(''))

/** Per workload, `target` against `reference` (measured in the same run): throughput ratio, added latency, CPU ratio. */
const compare = (reference: string, target: string) => workloads.filter(({ name }) => rows.some((r) => r.workload === name)).map(({ name }) => {
  const base = rows.find((r) => r.workload === name && r.target === reference)!
  const ours = rows.find((r) => r.workload === name && r.target === target)!
  const streaming = !name.startsWith('a ')
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    workload: name,
    throughput: round((streaming ? ours.chunksPerSec / base.chunksPerSec : ours.rps / base.rps) || 0),
    addedTtftP50Ms: round(ours.ttftP50 - base.ttftP50),
    addedTtftP99Ms: round(ours.ttftP99 - base.ttftP99),
    addedChunkDelayP50Ms: round(ours.chunkDelayP50 - base.chunkDelayP50),
    cpuRatio: base.cpuMsPerRequest ? round((ours.cpuMsPerRequest ?? 0) / base.cpuMsPerRequest) : null,
    errors: ours.errors,
  }
})
const ratios = compare('pass-through', 'proxy')
console.log('\nproxy / pass-through')
console.table(ratios)
const summary = { coldStartMs, idleRssMb, rssAfterLoadMb: rssAfterMb, idleStreamKb: perStreamKb, idleStreams }
console.log(summary)
// What the shared limiter (one Lua round trip to Redis per request, a lease renewal per long stream) adds.
const shared = REDIS ? compare('proxy', 'proxy+redis') : []
if (REDIS) {
  console.log('\nproxy with REDIS_URL / proxy with the embedded limiter')
  console.table(shared)
}

mkdirSync(join(import.meta.dir, 'results'), { recursive: true })
const file = join(import.meta.dir, 'results', `${SMOKE ? 'smoke' : QUICK ? 'quick' : 'full'}${WORKERS > 1 ? `-workers${WORKERS}` : ''}${REDIS ? '-redis' : ''}.json`)
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), quick: QUICK, machine: { cpus: cpus().length, model: cpus()[0]?.model, bun: Bun.version }, workers: WORKERS, summary, ratios, shared, rows }, null, 2)}\n`)
console.log(`\nwrote ${file}`)
