/**
 * What outlives a request, chosen once: embedded (in this process, SQLite for
 * stored responses) unless `REDIS_URL` is set, then shared by the fleet on
 * Redis, with each instance's embedded state as the fallback while Redis is
 * away.
 */
import type { Config } from '../config.ts'
import { createMemoryLimiter, type Limiter, type LimiterOptions } from '../limiter.ts'
import type { Logger } from '../log.ts'
import type { PuterClient } from '../puter/client.ts'
import { createSharedRedis, type SharedRedis } from './redis.ts'
import { createRedisLimiter } from './redis-limiter.ts'
import { createRedisResponseStore } from './redis-response-store.ts'
import type { ResponseStore } from './response-store.ts'
import { sharedListModels } from './shared-catalogue.ts'
import { createSqliteResponseStore } from './sqlite-response-store.ts'

export interface State {
  limiter: Limiter
  store: ResponseStore
  /** Puter's model list, fetched once per TTL for the whole fleet when shared. */
  listModels: PuterClient['listModels']
  /** The shared Redis, when REDIS_URL is set. */
  redis?: SharedRedis
}

/**
 * Puter counts a request when it arrives; the proxy counts it when it lets it
 * go. The first requests of a window can take longer to get there than later
 * ones (a new connection, TLS), so the window is kept half a second longer
 * than Puter's, or Puter could see 31 in its 10 s.
 */
const WINDOW_MS = 10_000 + 500

export function createState(config: Config, logger: Logger, puter: PuterClient, options: LimiterOptions, onRedisChange?: (up: boolean) => void): State {
  const limiterOptions = { windowMs: WINDOW_MS, ...options }
  const local = createMemoryLimiter(limiterOptions)
  const listModels: PuterClient['listModels'] = (options) => puter.listModels(options)
  if (!config.redisUrl) {
    return {
      limiter: local,
      store: createSqliteResponseStore({ path: config.responsesDb, ttlMs: config.responsesTtlMs, maxBytes: config.responsesMaxBytes }),
      listModels,
    }
  }
  const redis = createSharedRedis({ url: config.redisUrl, logger, onStateChange: onRedisChange })
  return {
    limiter: createRedisLimiter({ ...limiterOptions, redis, local, leaseMs: config.redisLeaseMs, prefix: config.redisPrefix }),
    store: createRedisResponseStore({ redis, ttlMs: config.responsesTtlMs, prefix: config.redisPrefix }),
    listModels: sharedListModels(redis, listModels, config.modelsCacheTtlMs, config.redisPrefix),
    redis,
  }
}
