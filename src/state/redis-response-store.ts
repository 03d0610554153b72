/**
 * Stored responses on the fleet's Redis, so `previous_response_id` works on
 * whichever instance the next request reaches. A response is one key, and
 * each of its items a key naming it (for `item_reference`); all expire with
 * the response's TTL. The owner (a hash of the client's credential) is part
 * of every key: another owner's lookup finds nothing. How much Redis may hold
 * is Redis's own setting (`maxmemory` with a `volatile-*` eviction policy).
 */
import { itemOf, StoreUnavailableError, type ResponseStore, type StoredResponse } from './response-store.ts'
import type { SharedRedis } from './redis.ts'

export interface RedisStoreOptions {
  redis: SharedRedis
  ttlMs: number
  prefix?: string
}

export function createRedisResponseStore({ redis, ttlMs, prefix = 'puterproxy' }: RedisStoreOptions): ResponseStore {
  const responseKey = (owner: string, id: string) => `${prefix}:resp:${owner}:${id}`
  const itemKey = (owner: string, id: string) => `${prefix}:item:${owner}:${id}`
  // Storage needs more than a limiter's quarter second: a response can be megabytes.
  const call = async (command: string, args: string[]) => {
    try {
      return await redis.call(command, args, 2_000)
    } catch (err) {
      throw new StoreUnavailableError(`Redis did not answer (${err instanceof Error ? err.message : String(err)})`)
    }
  }
  const read = async (owner: string, id: string) => {
    const body = await call('GET', [responseKey(owner, id)])
    return typeof body === 'string' ? (JSON.parse(body) as StoredResponse) : undefined
  }

  return {
    get: (id, owner) => read(owner, id),
    async put(record, owner) {
      const ttl = String(ttlMs)
      const writes = [call('SET', [responseKey(owner, record.id), JSON.stringify(record), 'PX', ttl])]
      for (const item of [...record.input, ...record.response.output]) {
        if (item.id) writes.push(call('SET', [itemKey(owner, item.id), record.id, 'PX', ttl]))
      }
      await Promise.all(writes)
    },
    async delete(id, owner) {
      return Number(await call('DEL', [responseKey(owner, id)])) > 0
    },
    async findItem(itemId, owner) {
      const holder = await call('GET', [itemKey(owner, itemId)])
      if (typeof holder !== 'string') return undefined
      const record = await read(owner, holder)
      return record ? itemOf(record, itemId) : undefined
    },
  }
}
