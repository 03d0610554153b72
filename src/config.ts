/**
 * The only reader of environment variables. Every variable is documented in
 * the README's configuration table; an invalid value stops the server at
 * start with one message listing every bad variable.
 */

import { availableParallelism } from 'node:os'
import { parseAliases } from './aliases.ts'

/** Puter's production API origin: the default upstream. */
export const DEFAULT_PUTER_API_ORIGIN = 'https://api.puter.com'

export const MESSAGE_MODES = ['raw', 'standard', 'full'] as const
export type MessageMode = (typeof MESSAGE_MODES)[number]
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

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
  /** Stream requests: how long Puter may take to answer with headers. */
  upstreamHeadersTimeoutMs: number
  /** Non-stream requests: how long Puter may take to answer at all (it sends nothing until done). */
  upstreamResponseTimeoutMs: number
  /** Streams: the longest silence allowed between two reads from Puter. */
  streamIdleTimeoutMs: number
  /** How many times a 429 from Puter is retried before any byte reached the client. */
  upstreamRetries: number
  maxConcurrentPerToken: number
  /** Requests per token per 10 s sliding window. */
  rateLimitPerToken: number
  /** Requests per token that may wait for a slot; more get a 429. */
  queueMaxPerToken: number
  queueTimeoutMs: number
  maxBodyBytes: number
  /** Largest multipart upload (audio to transcribe, images to edit): OpenAI's 25 MiB. */
  maxUploadBytes: number
  /** How long a request body may take to arrive, plus a second per 64 KiB received; then 408. */
  bodyReadTimeoutMs: number
  /** Server-side mode: the proxy's own Puter token, used for every request. */
  puterAuthToken: string | undefined
  /** Server-side mode: the keys clients must present. */
  proxyApiKeys: string[]
  /** Allowed CORS origins; `['*']` allows any. */
  corsOrigins: string[]
  logLevel: LogLevel
  /** How long in-flight requests may run after SIGTERM before they are ended. */
  shutdownGraceMs: number
  /** Processes serving the port (Bun runs JavaScript on one core per process). */
  workers: number
  /** Requested model → the model asked of Puter (lower-cased keys). */
  modelAliases: Map<string, string>
  /** The embedded response store's file, or `:memory:`. */
  responsesDb: string
  /** How long a stored response is kept. */
  responsesTtlMs: number
  /** The most the embedded response store holds before the oldest responses go. */
  responsesMaxBytes: number
  /** The fleet's shared Redis (or Valkey); unset: everything stays in this process. */
  redisUrl: string | undefined
  /** How long a shared limiter slot lives without renewal: the longest a crashed instance can hold a token's slot. */
  redisLeaseMs: number
  /** Prefix of every Redis key, for several deployments on one Redis. */
  redisPrefix: string
  /** Where the page at `/` loads Puter.js (for "Sign in with Puter") from. */
  puterJsUrl: string
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])

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

  const redisUrl = (raw: string | undefined): string | undefined => {
    if (raw === undefined) return undefined
    try {
      const url = new URL(raw)
      if (['redis:', 'rediss:', 'valkey:', 'valkeys:', 'redis+unix:', 'redis+tls:'].includes(url.protocol)) return raw
    } catch {
      // reported below
    }
    // The URL may hold a password: name the variable, not its value.
    problems.push('REDIS_URL must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379/0')
    return undefined
  }

  const scriptUrl = (raw: string): string => {
    try {
      const url = new URL(raw)
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href
    } catch {
      // reported below
    }
    problems.push(`PUTER_JS_URL=${JSON.stringify(raw)} must be an http(s) URL`)
    return 'https://js.puter.com/v2/'
  }

  const list = (name: string): string[] => (read(name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')

  const host = read('HOST') ?? '0.0.0.0'
  const config: Config = {
    port: integer('PORT', 3000, 0, 65_535),
    host,
    puterApiOrigin: origin('PUTER_API_ORIGIN', DEFAULT_PUTER_API_ORIGIN),
    messageMode: oneOf('MESSAGE_MODE', MESSAGE_MODES, 'raw'),
    modelsCacheTtlMs: seconds('MODELS_CACHE_TTL', 300),
    modelsFetchTimeoutMs: seconds('MODELS_FETCH_TIMEOUT', 5, 1, 600),
    heartbeatIntervalMs: seconds('HEARTBEAT_INTERVAL', 15, 0, 3_600),
    upstreamHeadersTimeoutMs: seconds('UPSTREAM_HEADERS_TIMEOUT', 60, 1),
    upstreamResponseTimeoutMs: seconds('UPSTREAM_RESPONSE_TIMEOUT', 600, 1),
    streamIdleTimeoutMs: seconds('STREAM_IDLE_TIMEOUT', 300, 1),
    upstreamRetries: integer('UPSTREAM_RETRIES', 3, 0, 10),
    maxConcurrentPerToken: integer('MAX_CONCURRENT_PER_TOKEN', 3, 1, 10_000),
    rateLimitPerToken: integer('RATE_LIMIT_PER_TOKEN', 30, 1, 1_000_000),
    queueMaxPerToken: integer('QUEUE_MAX_PER_TOKEN', 32, 0, 100_000),
    queueTimeoutMs: seconds('QUEUE_TIMEOUT', 60, 0, 3_600),
    maxBodyBytes: integer('MAX_BODY_SIZE', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    maxUploadBytes: integer('MAX_UPLOAD_SIZE', 25 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    bodyReadTimeoutMs: seconds('BODY_READ_TIMEOUT', 15, 1, 3_600),
    puterAuthToken: read('PUTER_AUTH_TOKEN'),
    proxyApiKeys: list('PROXY_API_KEYS'),
    corsOrigins: list('CORS_ORIGINS').length > 0 ? list('CORS_ORIGINS') : ['*'],
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownGraceMs: seconds('SHUTDOWN_GRACE', 30, 0, 3_600),
    workers: read('WORKERS')?.toLowerCase() === 'auto' ? availableParallelism() : integer('WORKERS', 1, 1, 256),
    modelAliases: new Map(),
    responsesDb: read('RESPONSES_DB') ?? ':memory:',
    responsesTtlMs: seconds('RESPONSES_TTL', 30 * 86_400, 60, 365 * 86_400),
    responsesMaxBytes: integer('RESPONSES_MAX_BYTES', 256 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024),
    redisUrl: redisUrl(read('REDIS_URL')),
    redisLeaseMs: seconds('REDIS_LEASE', 30, 1, 3_600),
    redisPrefix: read('REDIS_PREFIX') ?? 'puterproxy',
    puterJsUrl: scriptUrl(read('PUTER_JS_URL') ?? 'https://js.puter.com/v2/'),
  }
  const aliases = parseAliases(read('MODEL_ALIASES') ?? '')
  for (const problem of aliases.problems) problems.push(`MODEL_ALIASES: ${problem}`)
  config.modelAliases = aliases.aliases
  // Workers share one port through SO_REUSEPORT; with PORT=0 each would get a port of its own.
  if (config.workers > 1 && config.port === 0) problems.push('WORKERS above 1 needs a fixed PORT, not 0')
  if (config.proxyApiKeys.length > 0 && !config.puterAuthToken) {
    problems.push('PROXY_API_KEYS is set without PUTER_AUTH_TOKEN: server-side mode needs the proxy\'s own Puter token')
  }
  // A shared Puter token without client keys would hand the account to anyone who can reach the port.
  if (config.puterAuthToken && config.proxyApiKeys.length === 0 && !LOOPBACK_HOSTS.has(host)) {
    problems.push(`PUTER_AUTH_TOKEN is set without PROXY_API_KEYS while HOST=${JSON.stringify(host)} is reachable from other machines: set PROXY_API_KEYS, or HOST=127.0.0.1`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
