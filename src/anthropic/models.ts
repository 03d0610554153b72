/** Puter's catalogue in Anthropic's model-list shape (what Anthropic's API answers when `anthropic-version` is sent). */
import type { CatalogueView } from '../puter/catalogue.ts'
import type { PuterModelDetails } from '../puter/wire.ts'
import type { AnthropicModel, AnthropicModelList } from './schema.ts'

export function toAnthropicModel(entry: PuterModelDetails): AnthropicModel {
  const released = entry.release_date ? Date.parse(entry.release_date) : NaN
  return {
    type: 'model',
    id: entry.id,
    display_name: entry.name ?? entry.id,
    created_at: new Date(Number.isFinite(released) ? released : 0).toISOString(),
  }
}

/** Newest first, as Anthropic lists them. */
export function toAnthropicModelList(view: CatalogueView): AnthropicModelList {
  const data = view.models.map(toAnthropicModel).sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id.localeCompare(b.id)))
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }
}
