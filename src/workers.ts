/**
 * WORKERS > 1: the primary process starts WORKERS − 1 copies of itself, and
 * all of them listen on the same port (Elysia sets SO_REUSEPORT), so the
 * kernel spreads connections across cores. State is per process: caches,
 * metrics and the in-memory per-token limiter.
 */
import type { Subprocess } from 'bun'
import type { Logger } from './log.ts'

/** Set in the environment of the copies; the primary has none. */
export const WORKER_ENV = 'PUTER_PROXY_WORKER'

/** This process's worker number: 0 for the primary. */
export const workerId = (): number => Number(process.env[WORKER_ENV] ?? 0)

export interface Workers {
  /** Sends `signal` to every copy and waits until all have exited. */
  stop(signal: NodeJS.Signals): Promise<void>
}

/** Starts `count` copies of this process; a copy that dies is started again after a second. */
export function startWorkers(count: number, logger: Logger): Workers {
  let stopping = false
  const running = new Map<number, Subprocess>()
  const start = (id: number) => {
    // The same runtime and entry: `bun src/index.ts`, or the compiled binary itself.
    const child = Bun.spawn([process.execPath, ...process.argv.slice(1)], {
      env: { ...process.env, [WORKER_ENV]: String(id), PUTER_PROXY_PARENT: String(process.pid) },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    running.set(id, child)
    void child.exited.then((code) => {
      running.delete(id)
      if (stopping) return
      logger.error('worker exited; starting it again', { worker: id, code })
      setTimeout(() => !stopping && start(id), 1_000)
    })
  }
  for (let id = 1; id <= count; id++) start(id)
  return {
    async stop(signal) {
      stopping = true
      const exits = [...running.values()].map((child) => {
        child.kill(signal)
        return child.exited
      })
      await Promise.all(exits)
    },
  }
}
