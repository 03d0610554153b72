/**
 * The benchmark's processes: starting them on 127.0.0.1, knowing when they
 * listen, reading their CPU and memory from /proc, and making sure none
 * outlives the run. Shared by run.ts and decompose.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '..')
const children: { kill(): void }[] = []
// Whatever happens, no process of the benchmark outlives it.
process.on('exit', () => children.forEach((c) => c.kill()))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1))

export interface Started {
  proc: ReturnType<typeof Bun.spawn>
  base: string
}

/**
 * Starts `cmd` in the project root and resolves once `ready` finds its base
 * URL in a line of its stdout; stdout is then drained (the proxy logs a line
 * per request) so the pipe never blocks it.
 */
export async function spawn(cmd: string[], env: Record<string, string>, ready: (line: string) => string | undefined = portLine): Promise<Started> {
  const proc = Bun.spawn(cmd, { cwd: root, env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'inherit' })
  children.push(proc)
  const reader = proc.stdout.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) {
      console.error(`${cmd.join(' ')} exited before it was ready`)
      process.exit(1)
    }
    buffer += decoder.decode(value, { stream: true })
    for (const line of buffer.split('\n')) {
      const base = ready(line)
      if (base) {
        void (async () => { while (!(await reader.read()).done); })()
        return { proc, base }
      }
    }
  }
}

/** The bench servers print `{"port":N}` when they listen. */
export const portLine = (line: string) => (line.startsWith('{"port"') ? `http://127.0.0.1:${JSON.parse(line).port}` : undefined)

/** Starts the proxy as users run it, against `upstream`, with the per-token limits out of the way. */
export function spawnProxy(upstream: string, env: Record<string, string> = {}): Promise<Started> {
  return spawn(['bun', 'src/index.ts'], {
    PORT: '0', HOST: '127.0.0.1', PUTER_API_ORIGIN: upstream, LOG_LEVEL: 'info', HEARTBEAT_INTERVAL: '15',
    // The benchmark measures the hop, not Puter's free-tier limits.
    MAX_CONCURRENT_PER_TOKEN: '10000', RATE_LIMIT_PER_TOKEN: '1000000', QUEUE_MAX_PER_TOKEN: '100000',
    ...env,
  }, (line) => (line.includes('"listening"') ? (JSON.parse(line).api as string).replace(/\/v1$/, '').replace('localhost', '127.0.0.1') : undefined))
}

/** A port free right now (for processes that must share one: WORKERS > 1). */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port!
  probe.stop(true)
  return port
}

/** The process and its children (WORKERS > 1 runs copies of the proxy under the primary). */
function family(pid: number): number[] {
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
  return [pid, ...(kids ? kids.split(' ').map(Number) : [])]
}

/** CPU time (user + system) of the process and its children, in ms; /proc counts in ticks of 10 ms. */
export function cpuMs(pid: number): number {
  return family(pid).reduce((sum, p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return sum + (Number(fields[11]) + Number(fields[12])) * 10
  }, 0)
}

/** Resident memory of the process and its children, in MB. */
export function rssMb(pid: number): number {
  return family(pid).reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]) / 1024, 0)
}
