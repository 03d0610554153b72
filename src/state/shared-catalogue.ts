/**
 * Puter's model list fetched once per TTL for the whole fleet: the first
 * instance to need it takes a short lock, fetches it and shares it on Redis;
 * the others read it there. Without Redis (or while it is down) each instance
 * fetches for itself, as it would alone.
 */
import type { PuterModelDetails } from '../puter/wire.ts'
import type { SharedRedis } from './redis.ts'

type ListModels = (options?: { signal?: AbortSignal }) => Promise<PuterModelDetails[]>

export function sharedListModels(redis: SharedRedis, listModels: ListModels, ttlMs: number, prefix = 'puterproxy'): ListModels {
  const key = `${prefix}:catalogue`
  const lock = `${key}:lock`
  const cached = async (): Promise<PuterModelDetails[] | undefined> => {
    const value = await redis.call('GET', [key], 1_000).catch(() => null)
    return typeof value === 'string' ? (JSON.parse(value) as PuterModelDetails[]) : undefined
  }
  return async (options) => {
    const hit = await cached()
    if (hit) return hit
    const mine = await redis.call('SET', [lock, String(process.pid), 'NX', 'PX', '10000'], 1_000).catch(() => 'OK')
    if (mine !== 'OK') {
      // Another instance is fetching: wait for its copy a little, then fetch alone if it does not come.
      for (let i = 0; i < 20; i++) {
        await Bun.sleep(100)
        const shared = await cached()
        if (shared) return shared
      }
    }
    const models = await listModels(options)
    if (ttlMs > 0) await redis.call('SET', [key, JSON.stringify(models), 'PX', String(ttlMs)], 2_000).catch(() => {})
    await redis.call('DEL', [lock], 1_000).catch(() => {})
    return models
  }
}
