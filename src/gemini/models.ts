/** Puter's catalogue in Google's model shape (`name: "models/<id>"`), paged as Google pages it. Pure. */
import type { CatalogueView } from '../puter/catalogue.ts'
import type { PuterModelDetails } from '../puter/wire.ts'
import type { Model, ModelList } from './schema.ts'

const METHODS = ['generateContent', 'streamGenerateContent', 'countTokens']

export function toGoogleModel(entry: PuterModelDetails): Model {
  const reasoning = /reason|think|gemini-2\.5|gemini-3|o\d|gpt-5|claude-(opus|sonnet)-[4-9]|deepseek-r/i.test(entry.id)
  return {
    name: `models/${entry.id}`,
    baseModelId: entry.id,
    version: entry.release_date ?? '001',
    displayName: entry.name ?? entry.id,
    description: `${entry.name ?? entry.id}, served by Puter (${entry.provider ?? 'puter'}).`,
    inputTokenLimit: Math.round(entry.context ?? 0),
    outputTokenLimit: Math.round(entry.max_tokens ?? 0),
    supportedGenerationMethods: METHODS,
    thinking: reasoning,
  }
}

/** A page of `pageSize` (default 50, at most 1000) models from `pageToken` on; the token is an opaque offset. */
export function toGoogleModelList(view: CatalogueView, pageSize?: number, pageToken?: string): ModelList {
  const models = [...view.models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toGoogleModel)
  const size = Math.min(1000, Math.max(1, pageSize ?? 50))
  const start = pageToken ? Number.parseInt(Buffer.from(pageToken, 'base64url').toString(), 10) || 0 : 0
  const page = models.slice(start, start + size)
  const next = start + size < models.length ? Buffer.from(String(start + size)).toString('base64url') : undefined
  return next ? { models: page, nextPageToken: next } : { models: page }
}
