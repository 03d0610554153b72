import { describe, expect, test } from 'bun:test'
import { ProxyError } from '../src/errors.ts'
import { createMemoryLimiter, limiterKey } from '../src/limiter.ts'

const never = new AbortController().signal
const base = { maxConcurrent: 2, rate: 100, queueMax: 10, queueTimeoutMs: 10_000 }

describe('memory limiter', () => {
  test('lets maxConcurrent in at once and queues the rest in FIFO order', async () => {
    const limiter = createMemoryLimiter(base)
    const a = await limiter.acquire('k', never)
    const b = await limiter.acquire('k', never)
    const order: string[] = []
    const c = limiter.acquire('k', never).then((r) => (order.push('c'), r))
    const d = limiter.acquire('k', never).then((r) => (order.push('d'), r))
    await Bun.sleep(5)
    expect(order).toEqual([])
    expect(limiter.queueDepth()).toBe(2)
    a()
    await c
    b()
    await d
    expect(order).toEqual(['c', 'd'])
    expect(limiter.queueDepth()).toBe(0)
  })

  test('a release is counted once however often it is called', async () => {
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 1, queueTimeoutMs: 50 })
    const a = await limiter.acquire('k', never)
    a()
    a()
    await limiter.acquire('k', never)
    let third = false
    const pending = limiter.acquire('k', never).then(() => (third = true), () => 'timed out')
    await Bun.sleep(5)
    expect(third).toBe(false)
    void pending
  })

  test('keys are independent', async () => {
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 1 })
    await limiter.acquire('one', never)
    await limiter.acquire('two', never) // resolves at once
  })

  test('a full queue is a 429 with Retry-After', async () => {
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 1, queueMax: 1, queueTimeoutMs: 50 })
    await limiter.acquire('k', never)
    const queued = limiter.acquire('k', never).catch((e) => e)
    const err = await limiter.acquire('k', never).catch((e) => e)
    expect(err).toBeInstanceOf(ProxyError)
    expect(err.status).toBe(429)
    expect(err.headers['retry-after']).toBe('1')
    expect((await queued).status).toBe(429) // and the queued one times out
  })

  test('a wait longer than queueTimeoutMs is a 429', async () => {
    const rejections: string[] = []
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 1, queueTimeoutMs: 30, onReject: (r) => rejections.push(r) })
    await limiter.acquire('k', never)
    const err = await limiter.acquire('k', never).catch((e) => e)
    expect(err.status).toBe(429)
    expect(rejections).toEqual(['queue_timeout'])
    expect(limiter.queueDepth()).toBe(0)
  })

  test('a caller that gives up leaves the queue, and the next one moves up', async () => {
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 1 })
    const release = await limiter.acquire('k', never)
    const quitter = new AbortController()
    const gaveUp = limiter.acquire('k', quitter.signal).catch((e) => e)
    const next = limiter.acquire('k', never)
    quitter.abort(new Error('client left'))
    expect((await gaveUp).message).toBe('client left')
    expect(limiter.queueDepth()).toBe(1)
    release()
    await next
  })

  test('the rate window holds requests back until the oldest start leaves the window', async () => {
    let clock = 0
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 10, rate: 2, windowMs: 50, now: () => clock })
    ;(await limiter.acquire('k', never))()
    ;(await limiter.acquire('k', never))()
    let third = false
    const pending = limiter.acquire('k', never).then(() => (third = true))
    await Bun.sleep(10)
    expect(third).toBe(false)
    clock = 50
    await pending // woken by the window timer
    expect(third).toBe(true)
  })

  test('when the rate binds, Retry-After says when the window frees', async () => {
    let clock = 0
    const limiter = createMemoryLimiter({ ...base, maxConcurrent: 10, rate: 1, windowMs: 10_000, queueMax: 0, now: () => clock })
    await limiter.acquire('k', never)
    clock = 3_000
    const err = await limiter.acquire('k', never).catch((e) => e)
    expect(err.headers['retry-after']).toBe('7')
  })

  test('limiter keys are hashes, never the token', () => {
    const key = limiterKey('tok-secret-value')
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(key).not.toContain('secret')
    expect(limiterKey('tok-secret-value')).toBe(key)
  })
})
