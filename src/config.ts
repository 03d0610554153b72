/**
 * The only reader of environment variables. Every variable is documented in
 * the README's configuration table; an invalid value stops the server at
 * start with one message listing every bad variable.
 */

export const MESSAGE_MODES = ['raw', 'standard', 'full'] as const
export type MessageMode = (typeof MESSAGE_MODES)[number]

export interface Config {
  port: number
  host: string
  /** Puter's API origin, without a trailing slash. */
  puterApiOrigin: string
  messageMode: MessageMode
  /** How long a fetched model catalogue is served before it is fetched again. */
  modelsCacheTtlMs: number
  /** How long to wait for Puter's catalogue before serving the bundled snapshot. */
  modelsFetchTimeoutMs: number
  /** Interval of SSE comment heartbeats on quiet streams; 0 disables them. */
  heartbeatIntervalMs: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

/** Reads and validates the configuration from `env`; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === '' ? undefined : value
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name)
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`)
      return fallback
    }
    return value
  }

  const seconds = (name: string, fallback: number, min = 0, max = 86_400): number =>
    integer(name, fallback, min, max) * 1000

  const origin = (name: string, fallback: string): string => {
    const raw = read(name) ?? fallback
    try {
      const url = new URL(raw)
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) throw new Error()
      return url.href.replace(/\/+$/, '')
    } catch {
      problems.push(`${name}=${JSON.stringify(raw)} must be an http(s) URL such as https://api.puter.com`)
      return fallback
    }
  }

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name)?.toLowerCase()
    if (raw === undefined) return fallback
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`)
    return fallback
  }

  const config: Config = {
    port: integer('PORT', 3000, 0, 65_535),
    host: read('HOST') ?? '0.0.0.0',
    puterApiOrigin: origin('PUTER_API_ORIGIN', 'https://api.puter.com'),
    messageMode: oneOf('MESSAGE_MODE', MESSAGE_MODES, 'raw'),
    modelsCacheTtlMs: seconds('MODELS_CACHE_TTL', 300),
    modelsFetchTimeoutMs: seconds('MODELS_FETCH_TIMEOUT', 5, 1, 600),
    heartbeatIntervalMs: seconds('HEARTBEAT_INTERVAL', 15, 0, 3_600),
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
