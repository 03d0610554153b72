/**
 * A real Redis server and real proxy processes for the fleet tests: each on
 * a port of its own (free ports, never a fixed one), stopped with the test.
 */
import { appendFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '..')

/** Where redis-server is, if anywhere (scripts/prerequisites.ts installs or reports it). */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? Bun.which('redis-server') ?? undefined

export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = probe.port!
  probe.stop(true)
  return port
}

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>
}

export async function startRedis(): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error('redis-server not found: apt-get install redis-server')
  const port = freePort()
  let proc: ReturnType<typeof Bun.spawn> | undefined
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async start() {
      proc = Bun.spawn([REDIS_SERVER!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdout: 'ignore', stderr: 'ignore' })
      for (let i = 0; i < 100; i++) {
        const ok = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {}, open(s) { s.end() } } }).then(() => true, () => false)
        if (ok) return
        await Bun.sleep(20)
      }
      throw new Error('redis-server did not start')
    },
    async stop() {
      proc?.kill('SIGKILL')
      await proc?.exited
    },
  }
  await server.start()
  return server
}

export interface ProxyProcess {
  base: string
  proc: ReturnType<typeof Bun.spawn>
  /** Every line the process wrote to stdout so far. */
  output(): string
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** Starts `bun src/index.ts` with `env`; resolves once it listens. */
export async function startProxy(env: Record<string, string>): Promise<ProxyProcess> {
  const proc = Bun.spawn([process.execPath, 'src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdout: 'pipe', stderr: 'pipe',
  })
  let out = ''
  // Warnings and errors go to stderr: both are read into one transcript.
  for (const stream of [proc.stdout, proc.stderr]) {
    const reader = stream.getReader()
    void (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) out += new TextDecoder().decode(r.value)
    })()
  }
  for (let i = 0; i < 400 && !out.includes('"listening"'); i++) await Bun.sleep(25)
  const line = out.split('\n').find((l) => l.includes('"listening"'))
  if (!line) throw new Error(`the proxy did not start: ${out}`)
  const base = (JSON.parse(line).api as string).replace(/\/v1$/, '').replace('localhost', '127.0.0.1')
  return {
    base, proc, output: () => out,
    async stop(signal = 'SIGTERM') {
      proc.kill(signal)
      await proc.exited
      // The suite's secret scan reads every proxy's log lines.
      if (process.env.TEST_LOG_FILE) appendFileSync(process.env.TEST_LOG_FILE, out.split('\n').filter((l) => l.startsWith('{')).map((l) => `${l}\n`).join(''))
    },
  }
}
