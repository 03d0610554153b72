/**
 * Rewrites the bundled catalogue snapshot from a live Puter:
 *   bun run refresh-snapshot                 (uses PUTER_API_ORIGIN, default https://api.puter.com)
 *   bun scripts/refresh-catalogue-snapshot.ts [output.json]
 * Keeps the fields `/v1/models` reads; drops prices, which change often.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../src/config.ts'
import { createPuterClient } from '../src/puter/client.ts'

const KEPT = ['id', 'puterId', 'provider', 'name', 'aliases', 'modalities', 'tool_call', 'release_date', 'context', 'max_tokens'] as const

const config = loadConfig()
const output = process.argv[2] ?? join(import.meta.dir, '..', 'src', 'puter', 'catalogue-snapshot.json')
const models = await createPuterClient(config.puterApiOrigin).listModels({ signal: AbortSignal.timeout(30_000) })
const kept = models.map((m) => Object.fromEntries(KEPT.filter((k) => m[k] !== undefined).map((k) => [k, m[k]])))
const snapshot = {
  date: new Date().toISOString().slice(0, 10),
  source: `Fetched from ${config.puterApiOrigin}/puterai/chat/models/details by scripts/refresh-catalogue-snapshot.ts.`,
  models: kept,
}
writeFileSync(output, `${JSON.stringify(snapshot, null, 1)}\n`)
console.log(`wrote ${kept.length} models to ${output}`)
