/**
 * Puter's model catalogue, cached in memory. When Puter cannot be reached, the
 * last good live copy is served, or the bundled snapshot when there is none,
 * so `/v1/models` always answers.
 */
import snapshotFile from './catalogue-snapshot.json'
import type { PuterClient } from './client.ts'
import { HIDDEN_MODEL_IDS, type PuterModelDetails } from './wire.ts'

export interface CatalogueView {
  models: PuterModelDetails[]
  /** `live` when fetched from Puter (possibly kept past its TTL during an outage), `snapshot` otherwise. */
  source: 'live' | 'snapshot'
  /** When the data was fetched (live) or compiled (snapshot), as an ISO date. */
  asOf: string
}

export interface Catalogue {
  get(): Promise<CatalogueView>
}

export interface CatalogueOptions {
  client: Pick<PuterClient, 'listModels'>
  ttlMs: number
  fetchTimeoutMs: number
  now?: () => number
  /** Told when the catalogue falls back to the last live copy or the bundled snapshot, with why. */
  onFallback?: (source: 'live' | 'snapshot', cause: string) => void
  /** Served when Puter cannot be reached and no live copy exists; `null` makes that an error instead (no snapshot is bundled for image models). */
  fallback?: CatalogueView | null
}

/** After a failed fetch, wait this long before asking Puter again, so an outage costs one timeout, not one per request. */
const RETRY_AFTER_FAILURE_MS = 30_000

/** The catalogue compiled from Puter's published static model lists; see scripts/refresh-catalogue-snapshot.ts. */
export const SNAPSHOT: CatalogueView = {
  models: (snapshotFile.models as PuterModelDetails[]).filter((m) => !HIDDEN_MODEL_IDS.has(m.id)),
  source: 'snapshot',
  asOf: snapshotFile.date,
}

/** Creates a cache around `client.listModels()`; concurrent callers share one fetch. */
export function createCatalogue({ client, ttlMs, fetchTimeoutMs, now = Date.now, onFallback, fallback = SNAPSHOT }: CatalogueOptions): Catalogue {
  let lastLive: CatalogueView | undefined
  let current: CatalogueView | undefined
  let freshUntil = 0
  let inflight: Promise<CatalogueView> | undefined

  async function refresh(): Promise<CatalogueView> {
    try {
      const models = await client.listModels({ signal: AbortSignal.timeout(fetchTimeoutMs) })
      lastLive = { models, source: 'live', asOf: new Date(now()).toISOString() }
      current = lastLive
      freshUntil = now() + ttlMs
    } catch (err) {
      const served = lastLive ?? fallback
      if (!served) throw err
      if (current !== served) onFallback?.(lastLive ? 'live' : 'snapshot', err instanceof Error ? err.message : String(err))
      current = served
      freshUntil = now() + Math.min(RETRY_AFTER_FAILURE_MS, Math.max(ttlMs, 1_000))
    }
    return current
  }

  return {
    get() {
      if (current && now() < freshUntil) return Promise.resolve(current)
      inflight ??= refresh().finally(() => {
        inflight = undefined
      })
      return inflight
    },
  }
}
