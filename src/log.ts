/**
 * Structured JSON log lines, one object per line. Callers never pass tokens,
 * API keys or request headers here; errors are logged by message and stack.
 */
import type { LogLevel } from './config.ts'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** Where lines go: stdout below `warn`, stderr from it; tests pass their own sink. */
export type LogSink = (line: string, level: LogLevel) => void

const defaultSink: LogSink = (line, level) => {
  if (RANK[level] >= RANK.warn) console.error(line)
  else console.log(line)
}

/** A logger writing JSON lines at `level` and above. */
export function createLogger(level: LogLevel, sink: LogSink = defaultSink): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[at] < RANK[level]) return
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...withErrors(fields) }), at)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

/**
 * Errors are written as name, message and stack. Only top-level fields are
 * looked at: a replacer function would be called for every value of every
 * line, and it tripled the cost of the per-request line.
 */
function withErrors(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    const value = fields[key]
    if (value instanceof Error) return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v]))
  }
  return fields
}
