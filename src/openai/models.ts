/**
 * Pure translation of Puter's model catalogue into OpenAI's model objects,
 * with the metadata IDE plugins and chat UIs look for.
 */
import type { CatalogueView } from '../puter/catalogue.ts'
import type { PuterModelDetails } from '../puter/wire.ts'
import type { Model, ModelList } from './schema.ts'

/** One OpenAI model object from a Puter catalogue entry. */
export function toModel(entry: PuterModelDetails): Model {
  const released = entry.release_date ? Date.parse(entry.release_date) : NaN
  const model: Model = {
    id: entry.id,
    object: 'model',
    created: Number.isFinite(released) ? Math.floor(released / 1000) : 0,
    owned_by: entry.provider ?? 'puter',
    aliases: [...new Set(entry.aliases ?? [])].filter((a) => a !== entry.id),
    context_length: wholeOrNull(entry.context),
    max_output_tokens: wholeOrNull(entry.max_tokens),
    input_modalities: entry.modalities?.input ?? ['text'],
    output_modalities: entry.modalities?.output ?? ['text'],
    supports_tools: entry.tool_call === true,
  }
  if (entry.name) model.name = entry.name
  return model
}

/** The `/v1/models` list, sorted by id, saying where the data came from. */
export function toModelList(view: CatalogueView): ModelList {
  const data = view.models.map(toModel).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { object: 'list', data, source: view.source, as_of: view.asOf }
}

/**
 * Finds a model by id, Puter id or alias, ignoring case and surrounding
 * whitespace as Puter's own lookup does (§6).
 */
export function findModel(view: CatalogueView, requested: string): PuterModelDetails | undefined {
  const key = requested.trim().toLowerCase()
  const matches = (s: string | undefined) => s !== undefined && s.toLowerCase() === key
  return (
    view.models.find((m) => matches(m.id)) ??
    view.models.find((m) => matches(m.puterId) || (m.aliases ?? []).some(matches))
  )
}

function wholeOrNull(n: number | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : null
}
