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
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields }, errorReplacer), at)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value
}
