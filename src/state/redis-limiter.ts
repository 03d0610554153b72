/**
 * The per-token limiter shared by a fleet, on Redis: at most `maxConcurrent`
 * requests of a token in flight at Puter and `rate` started per window,
 * across every instance and worker. One Lua script decides atomically, on
 * Redis's own clock (instances' clocks may disagree):
 * - a slot is a lease: renewed while its request runs, so an instance that
 *   dies holding slots frees them within a lease;
 * - waiters queue in arrival order and are let in by their rank (FIFO), and
 *   a waiter that stops asking (its instance died) leaves the queue;
 * - keys expire when the token goes quiet, so nothing stays behind.
 * Keys hold the token's hash (with a `{hash}` tag, Redis Cluster–safe),
 * never the token. While Redis is down or slow, requests go through the
 * instance's local limiter instead: no request fails because Redis did.
 */
import { ProxyError } from '../errors.ts'
import type { Limiter, LimiterOptions } from '../limiter.ts'
import type { SharedRedis } from './redis.ts'

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ticket, max, rate, window, lease, alive, queueMax = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local dead = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
for _, d in ipairs(dead) do redis.call('ZREM', KEYS[3], d) redis.call('ZREM', KEYS[4], d) end
local free = math.min(max - redis.call('ZCARD', KEYS[1]), rate - redis.call('ZCARD', KEYS[2]))
local rank = redis.call('ZRANK', KEYS[3], ticket)
if not rank then
  -- A newcomer goes in at once only when there is room beyond everyone already waiting.
  local queued = redis.call('ZCARD', KEYS[3])
  if free > queued then rank = -1
  elseif queued >= queueMax then return {-1, 0}
  else
    redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[5]), ticket)
    rank = queued
  end
end
redis.call('ZADD', KEYS[4], now + alive, ticket)
local ttl = window + lease + alive
if free > 0 and rank < free then
  redis.call('ZREM', KEYS[3], ticket)
  redis.call('ZREM', KEYS[4], ticket)
  redis.call('ZADD', KEYS[1], now + lease, ticket)
  redis.call('ZADD', KEYS[2], now, ticket)
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
  return {1, 0}
end
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
local wait = 0
if redis.call('ZCARD', KEYS[2]) >= rate then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  wait = tonumber(oldest[2]) + window - now
end
return {0, wait}
`

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1]) return 1 end
return 0
`

const LEAVE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`

export interface SharedLimiterOptions extends LimiterOptions {
  redis: SharedRedis
  /** Used while Redis is down or slow. */
  local: Limiter
  /** How long a slot is held without renewal: the longest a dead instance can keep a token's slot. */
  leaseMs: number
  /** Key prefix, for several deployments on one Redis. */
  prefix?: string
  /** How often a waiter asks again at most. */
  pollMs?: number
}

export function createRedisLimiter(options: SharedLimiterOptions): Limiter {
  const { redis, local, maxConcurrent, rate, windowMs = 10_000, queueMax, queueTimeoutMs, leaseMs, prefix = 'puterproxy', pollMs = 25, onReject } = options
  // A waiter refreshes its place at every poll; one that stops for this long has gone.
  const aliveMs = Math.max(2_000, pollMs * 40)
  let waiting = 0

  const keysOf = (key: string) => ['a', 's', 'q', 'l', 'n'].map((k) => `${prefix}:lim:{${key}}:${k}`)
  const reject = (reason: 'queue_full' | 'queue_timeout', retryAfterS: number) => {
    onReject?.(reason)
    const wait = reason === 'queue_full' ? `${queueMax} requests are already waiting` : `no slot freed within ${queueTimeoutMs / 1000} s`
    return new ProxyError(429, 'rate_limit_error', 'rate_limit_exceeded',
      `Too many requests for this API key: ${wait} (at most ${maxConcurrent} at once and ${rate} per ${windowMs / 1000} s reach Puter, across every instance).`,
      null, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) })
  }

  async function acquireShared(key: string, signal: AbortSignal): Promise<() => void> {
    const keys = keysOf(key)
    const ticket = crypto.randomUUID()
    const args = [ticket, String(maxConcurrent), String(rate), String(windowMs), String(leaseMs), String(aliveMs), String(queueMax)]
    const leave = () => void redis.eval(LEAVE, keys, [ticket]).catch(() => {})
    const deadline = performance.now() + queueTimeoutMs
    waiting++
    try {
      for (;;) {
        if (signal.aborted) {
          leave()
          throw signal.reason
        }
        const [granted, waitMs] = (await redis.eval(ACQUIRE, keys, args)) as [number, number]
        if (granted === 1) return holdSlot(keys, ticket)
        if (granted === -1) throw reject('queue_full', 1)
        const left = deadline - performance.now()
        if (left <= 0) {
          leave()
          throw reject('queue_timeout', waitMs / 1000 || 1)
        }
        await sleep(Math.min(left, Math.max(pollMs, Math.min(waitMs, 250))), signal)
      }
    } finally {
      waiting--
    }
  }

  /** The release function of a granted slot; renews the lease while the request runs. */
  function holdSlot(keys: string[], ticket: string): () => void {
    const renew = setInterval(() => void redis.eval(RENEW, keys, [ticket, String(leaseMs)]).catch(() => {}), Math.max(100, leaseMs / 3))
    renew.unref?.()
    let released = false
    return () => {
      if (released) return
      released = true
      clearInterval(renew)
      // If Redis is away now, the lease frees the slot instead.
      void redis.eval(LEAVE, keys, [ticket]).catch(() => {})
    }
  }

  return {
    queueDepth: () => waiting + local.queueDepth(),
    size: () => local.size(),
    async acquire(key, signal) {
      if (!redis.up && redis.cause !== 'not connected yet') return local.acquire(key, signal)
      try {
        return await acquireShared(key, signal)
      } catch (err) {
        // A 429 or the client leaving is an answer; anything else is Redis failing, and the local limiter takes over.
        if (err instanceof ProxyError || signal.aborted) throw err
        return local.acquire(key, signal)
      }
    },
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
