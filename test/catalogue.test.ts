import { describe, expect, test } from 'bun:test'
import { createCatalogue, SNAPSHOT } from '../src/puter/catalogue.ts'
import type { PuterModelDetails } from '../src/puter/wire.ts'

const live: PuterModelDetails[] = [{ id: 'live-model', provider: 'x' }]

function fakeClient(behaviour: () => Promise<PuterModelDetails[]>) {
  let calls = 0
  return { client: { listModels: () => { calls++; return behaviour() } }, calls: () => calls }
}

describe('catalogue', () => {
  test('caches a live fetch for the TTL, then fetches again', async () => {
    let clock = 0
    const { client, calls } = fakeClient(async () => live)
    const cat = createCatalogue({ client, ttlMs: 1000, fetchTimeoutMs: 1000, now: () => clock })
    expect((await cat.get()).source).toBe('live')
    clock = 999
    await cat.get()
    expect(calls()).toBe(1)
    clock = 1000
    await cat.get()
    expect(calls()).toBe(2)
  })

  test('concurrent callers share one fetch', async () => {
    const { client, calls } = fakeClient(() => new Promise((r) => setTimeout(() => r(live), 20)))
    const cat = createCatalogue({ client, ttlMs: 1000, fetchTimeoutMs: 1000 })
    await Promise.all([cat.get(), cat.get(), cat.get()])
    expect(calls()).toBe(1)
  })

  test('serves the bundled snapshot when Puter cannot be reached and nothing was fetched before', async () => {
    const { client } = fakeClient(() => Promise.reject(new Error('ECONNREFUSED')))
    const view = await createCatalogue({ client, ttlMs: 1000, fetchTimeoutMs: 1000 }).get()
    expect(view.source).toBe('snapshot')
    expect(view.models.length).toBeGreaterThan(50)
  })

  test('keeps serving the last live copy during an outage, and retries later', async () => {
    let clock = 0
    let up = true
    const { client, calls } = fakeClient(() => (up ? Promise.resolve(live) : Promise.reject(new Error('down'))))
    const cat = createCatalogue({ client, ttlMs: 1000, fetchTimeoutMs: 1000, now: () => clock })
    await cat.get()
    up = false
    clock = 5000
    expect(await cat.get()).toMatchObject({ source: 'live', models: live })
    await cat.get()
    expect(calls()).toBe(2) // the failure is not retried on every request
    up = true
    clock = 5000 + 31_000
    await cat.get()
    expect(calls()).toBe(3)
  })

  test('the snapshot holds no hidden test models and every entry has an id and a provider', () => {
    for (const m of SNAPSHOT.models) {
      expect(['fake', 'costly', 'abuse', 'model-fallback-test-1']).not.toContain(m.id)
      expect(typeof m.id).toBe('string')
      expect(typeof m.provider).toBe('string')
    }
    expect(SNAPSHOT.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
