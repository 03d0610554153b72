/**
 * Model aliases: clients with a hard-coded model (Claude Code's default, an
 * editor preset, an old `gpt-4o`) are pointed at a model the Puter account can
 * use. `MODEL_ALIASES` sets them for the server; the `x-model-aliases` header
 * adds or overrides some for one request. Both read `from=to,from=to`;
 * matching ignores case, as Puter's own lookup does.
 */
import { ProxyError } from './errors.ts'

export type AliasMap = ReadonlyMap<string, string>

/** The per-request header that adds aliases. */
export const ALIAS_HEADER = 'x-model-aliases'

/** Parses `from=to,from=to`; returns the problems instead of throwing, for config.ts to report. */
export function parseAliases(raw: string): { aliases: Map<string, string>; problems: string[] } {
  const aliases = new Map<string, string>()
  const problems: string[] = []
  for (const pair of raw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const eq = pair.indexOf('=')
    const from = pair.slice(0, eq).trim()
    const to = pair.slice(eq + 1).trim()
    if (eq <= 0 || from === '' || to === '') problems.push(`"${pair}" is not of the form from=to`)
    else aliases.set(from.toLowerCase(), to)
  }
  return { aliases, problems }
}

/** Maps a requested model to the model asked of Puter. */
export type ModelResolver = (requested: string, headers: Headers) => string

/** Builds the resolver for the configured aliases: the model to ask Puter for. */
export function createModelResolver(configured: AliasMap): ModelResolver {
  return (requested, headers) => {
    const key = requested.trim().toLowerCase()
    const extra = headers.get(ALIAS_HEADER)
    if (extra) {
      const { aliases, problems } = parseAliases(extra)
      if (problems.length > 0) {
        throw new ProxyError(400, 'invalid_request_error', 'invalid_value', `Header ${ALIAS_HEADER}: ${problems.join('; ')}.`, ALIAS_HEADER)
      }
      const hit = aliases.get(key)
      if (hit) return hit
    }
    return configured.get(key) ?? requested
  }
}

/** The request with the model Puter is asked for (an alias resolved); the answer names that model too. */
export function withModel<T extends { model: string }>(body: T, model: string): T {
  return model === body.model ? body : { ...body, model }
}
