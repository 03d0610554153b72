/**
 * Per-token admission to Puter, so that clients wait their turn instead of
 * meeting Puter's 429s (free accounts: 3 concurrent, 30 per 10 s).
 *
 * `Limiter` is the seam for a shared store: several instances behind a load
 * balancer need one whose counts live in, say, Redis. The in-memory one here
 * is per process. Keys are hashes of tokens; tokens are never stored.
 */
import { ProxyError } from './errors.ts'

export interface Limiter {
  /**
   * Waits in FIFO order for a slot for `key`. Resolves with the release
   * function (call it once, when the upstream exchange is over); rejects with
   * a 429 ProxyError when the queue is full or the wait too long, or with the
   * signal's reason when the caller gives up.
   */
  acquire(key: string, signal: AbortSignal): Promise<() => void>
  /** Requests waiting now, across keys. */
  queueDepth(): number
  /** Keys with state held now (in flight, waiting, or starts inside the window). */
  size(): number
}

export interface LimiterOptions {
  maxConcurrent: number
  /** Starts allowed per `windowMs`. */
  rate: number
  windowMs?: number
  queueMax: number
  queueTimeoutMs: number
  now?: () => number
  onReject?: (reason: 'queue_full' | 'queue_timeout') => void
}

/** The limiter key of a token: a hash, so the limiter never holds the token. */
export function limiterKey(token: string): string {
  // Bun's one-shot hasher: a quarter of node:crypto's createHash cost, on every request.
  return (Bun.SHA256.hash(token, 'hex') as string).slice(0, 32)
}

interface Waiter {
  grant: () => void
  fail: (err: unknown) => void
}

interface KeyState {
  active: number
  /** Start times inside the current window, oldest first. */
  starts: number[]
  waiters: Waiter[]
  wake?: ReturnType<typeof setTimeout>
}

/** A limiter whose state lives in this process. */
export function createMemoryLimiter(options: LimiterOptions): Limiter {
  const { maxConcurrent, rate, windowMs = 10_000, queueMax, queueTimeoutMs, now = Date.now, onReject } = options
  const keys = new Map<string, KeyState>()
  let waiting = 0
  // Clients choose tokens freely in passthrough mode: a key with nothing in flight, nothing waiting and an
  // empty window is forgotten, or the map would grow by every token ever seen.
  const sweep = () => {
    const horizon = now() - windowMs
    for (const [key, state] of keys) {
      if (state.active > 0 || state.waiters.length > 0 || state.wake) continue
      if (state.starts.length === 0 || state.starts.at(-1)! <= horizon) keys.delete(key)
    }
  }
  const sweeper = setInterval(sweep, windowMs)
  sweeper.unref?.()

  const prune = (state: KeyState) => {
    const horizon = now() - windowMs
    while (state.starts.length > 0 && state.starts[0]! <= horizon) state.starts.shift()
  }
  const canStart = (state: KeyState) => {
    prune(state)
    return state.active < maxConcurrent && state.starts.length < rate
  }
  const start = (key: string, state: KeyState): (() => void) => {
    state.active++
    state.starts.push(now())
    let released = false
    return () => {
      if (released) return
      released = true
      state.active--
      pump(key, state)
    }
  }
  /** Lets waiters in while there is room; when only the rate blocks, wakes up as the window frees. */
  const pump = (key: string, state: KeyState) => {
    while (state.waiters.length > 0 && canStart(state)) state.waiters.shift()!.grant()
    if (state.waiters.length > 0 && state.active < maxConcurrent && !state.wake) {
      state.wake = setTimeout(() => {
        state.wake = undefined
        pump(key, state)
      }, Math.max(1, state.starts[0]! + windowMs - now()))
    }
    if (state.active === 0 && state.waiters.length === 0 && state.starts.length === 0 && !state.wake) keys.delete(key)
  }
  /** Seconds until a slot is likely free: 1 when concurrency binds, else until the window's oldest start expires. */
  const retryAfter = (state: KeyState) =>
    state.starts.length >= rate ? String(Math.max(1, Math.ceil((state.starts[0]! + windowMs - now()) / 1000))) : '1'
  const reject = (state: KeyState, reason: 'queue_full' | 'queue_timeout') => {
    onReject?.(reason)
    const wait = reason === 'queue_full' ? `${queueMax} requests are already waiting` : `no slot freed within ${queueTimeoutMs / 1000} s`
    return new ProxyError(429, 'rate_limit_error', 'rate_limit_exceeded',
      `Too many requests for this API key: ${wait} (at most ${maxConcurrent} at once and ${rate} per ${windowMs / 1000} s reach Puter).`,
      null, { 'retry-after': retryAfter(state) })
  }

  return {
    queueDepth: () => waiting,
    size() {
      sweep()
      return keys.size
    },
    acquire(key, signal) {
      if (signal.aborted) return Promise.reject(signal.reason)
      let state = keys.get(key)
      if (!state) keys.set(key, (state = { active: 0, starts: [], waiters: [] }))
      const s = state
      if (s.waiters.length === 0 && canStart(s)) return Promise.resolve(start(key, s))
      if (s.waiters.length >= queueMax) return Promise.reject(reject(s, 'queue_full'))

      return new Promise((resolve, rejectPromise) => {
        const leave = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', onAbort)
          waiting--
          const i = s.waiters.indexOf(waiter)
          if (i !== -1) s.waiters.splice(i, 1)
        }
        const waiter: Waiter = {
          grant: () => {
            leave()
            resolve(start(key, s))
          },
          fail: (err) => {
            leave()
            rejectPromise(err)
            pump(key, s)
          },
        }
        const onAbort = () => waiter.fail(signal.reason)
        const timer = setTimeout(() => waiter.fail(reject(s, 'queue_timeout')), queueTimeoutMs)
        waiting++
        s.waiters.push(waiter)
        signal.addEventListener('abort', onAbort, { once: true })
        pump(key, s)
      })
    },
  }
}
