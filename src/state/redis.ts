/**
 * The fleet's shared Redis (or Valkey), through Bun's built-in client: no
 * dependency, auto-pipelining, Lua with EVALSHA. Every command has a
 * deadline and fails at once while Redis is away (no offline queue), so the
 * callers can fall back to their local state instead of waiting. A down
 * Redis is logged once, shown in `/health/ready` and `/metrics`, retried in
 * the background, and the fleet returns to shared state by itself.
 */
import { RedisClient } from 'bun'
import type { Logger } from '../log.ts'

export interface SharedRedis {
  /** Sends one command; rejects when Redis is down or slower than `timeoutMs`. */
  call(command: string, args: string[], timeoutMs?: number): Promise<unknown>
  /** Runs a Lua script by its SHA, loading it the first time (and after a Redis restart). */
  eval(script: string, keys: string[], args: string[], timeoutMs?: number): Promise<unknown>
  /** Whether the last contact with Redis worked. */
  readonly up: boolean
  /** Why Redis is down, for `/health/ready` (no secrets: the URL's password is never in it). */
  readonly cause: string | undefined
  close(): void
}

export interface RedisOptions {
  url: string
  logger: Logger
  /** Deadline of one command. */
  timeoutMs?: number
  /** How often a down Redis is tried again. */
  retryMs?: number
  onStateChange?: (up: boolean) => void
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable REDIS_URL)'
  }
}

export function createSharedRedis({ url, logger, timeoutMs = 250, retryMs = 1_000, onStateChange }: RedisOptions): SharedRedis {
  const shas = new Map<string, string>()
  let client = open()
  // Commands wait for the connection being made (within their deadline) rather than fail while it is.
  let connecting: Promise<unknown> | undefined = client.connect()
  connecting.catch(() => {})
  let up = false
  let cause: string | undefined = 'not connected yet'
  let closed = false
  let retrying: ReturnType<typeof setTimeout> | undefined

  function open(): RedisClient {
    const c = new RedisClient(url, { enableOfflineQueue: false, autoReconnect: false, connectionTimeout: 2_000, enableAutoPipelining: true })
    c.onclose = (err) => markDown(err?.message ?? 'connection closed')
    return c
  }

  function markUp() {
    if (up) return
    up = true
    cause = undefined
    logger.info('redis is reachable: shared state is on', { redis: redactUrl(url) })
    onStateChange?.(true)
  }

  function markDown(why: string) {
    if (closed) return
    const was = up
    up = false
    cause = why
    if (was) {
      logger.warn('redis is unreachable: each instance uses its local state until it is back', { redis: redactUrl(url), cause: why })
      onStateChange?.(false)
    }
    scheduleRetry()
  }

  function scheduleRetry() {
    if (retrying || closed) return
    retrying = setTimeout(async () => {
      retrying = undefined
      try {
        client.close()
      } catch {
        // already closed
      }
      client = open()
      try {
        connecting = client.connect()
        await withDeadline(connecting, 2_000)
        await withDeadline(client.send('PING', []), timeoutMs * 4)
        shas.clear()
        markUp()
      } catch (err) {
        markDown(err instanceof Error ? err.message : String(err))
      }
    }, retryMs)
    retrying.unref?.()
  }

  async function call(command: string, args: string[], deadline = timeoutMs): Promise<unknown> {
    if (!up && retrying) throw new Error(`redis is down: ${cause}`)
    try {
      const pending = connecting
      const result = await withDeadline(pending ? pending.then(() => client.send(command, args)) : client.send(command, args), pending ? Math.max(deadline, 2_000) : deadline)
      connecting = undefined
      markUp()
      return result
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      // A script error is Redis answering: only transport failures mean it is down.
      if (/ERR|NOSCRIPT|WRONGTYPE/.test(message) && !/timed out/.test(message)) throw err
      markDown(message)
      throw err
    }
  }

  // The first contact, in the background: a server must start whether or not Redis is there.
  void call('PING', [], 2_000).catch((err) => {
    logger.warn('redis is unreachable at start: each instance uses its local state until it is back', { redis: redactUrl(url), cause: err instanceof Error ? err.message : String(err) })
    markDown(err instanceof Error ? err.message : String(err))
  })

  return {
    call,
    async eval(script, keys, args, deadline) {
      let sha = shas.get(script)
      if (!sha) {
        sha = String(await call('SCRIPT', ['LOAD', script], deadline))
        shas.set(script, sha)
      }
      try {
        return await call('EVALSHA', [sha, String(keys.length), ...keys, ...args], deadline)
      } catch (err) {
        if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err
        shas.delete(script) // Redis restarted and forgot its scripts
        return call('EVAL', [script, String(keys.length), ...keys, ...args], deadline)
      }
    },
    get up() {
      return up
    },
    get cause() {
      return cause
    },
    close() {
      closed = true
      if (retrying) clearTimeout(retrying)
      client.close()
    },
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms (timed out)`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
