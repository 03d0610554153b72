/**
 * Per-request records (for the one log line each request gets) and the
 * Prometheus metrics fed from them. A stream's record is finished when the
 * stream ends, not when its headers go out.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Logger } from './log.ts'

export interface RequestRecord {
  id: string
  method: string
  route: string
  start: number
  status?: number
  model?: string
  stream?: boolean
  upstreamStatus?: number
  upstreamCode?: string
  /** Milliseconds until Puter's response headers arrived. */
  upstreamMs?: number
  /** Milliseconds until the first content token went to the client. */
  firstTokenMs?: number
  promptTokens?: number
  completionTokens?: number
  errorCode?: string
  /** The path, for requests no route template matched (a 404's line says what was asked for). */
  path?: string
  /** Responses: hosted tools that were not forwarded. */
  droppedTools?: string
  /** Set while a stream is open: the log line waits for its end. */
  open?: boolean
  finished?: boolean
}

export interface Observer {
  readonly registry: Registry
  readonly activeStreams: Gauge
  readonly limiterRejections: Counter<'reason'>
  begin(request: Request, id: string, pathname?: string): RequestRecord
  /** Sets how a path (and method) becomes its route label (the app derives it from its mounted routes). */
  labelRoutesWith(label: (pathname: string, method: string) => string): void
  get(request: Request): RequestRecord | undefined
  /** Logs the request's line and updates the metrics, once. */
  finish(record: RequestRecord): void
}

/** Creates the records, the log line writer and a metrics registry of its own. */
export function createObserver(log: Logger, queueDepth: () => number, sharedStateUp: () => number | undefined = () => undefined): Observer {
  const registry = new Registry()
  // The event-loop lag probe is a timer: at prom-client's default 10 ms it wakes an idle server 100 times a
  // second (~1% of a core); at 100 ms a stall still shows, for a tenth of the wake-ups.
  collectDefaultMetrics({ register: registry, prefix: 'puter_proxy_', eventLoopMonitoringPrecision: 100 })
  const requests = new Counter({ name: 'puter_proxy_requests_total', help: 'Requests by route and status.', labelNames: ['route', 'status'], registers: [registry] })
  const duration = new Histogram({ name: 'puter_proxy_request_duration_seconds', help: 'Whole request time, to the end of the stream.', labelNames: ['route'], registers: [registry], buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] })
  const upstream = new Histogram({ name: 'puter_proxy_upstream_latency_seconds', help: 'Time until Puter answered with headers.', labelNames: ['status'], registers: [registry], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] })
  const firstToken = new Histogram({ name: 'puter_proxy_time_to_first_token_seconds', help: 'Streams: time until the first content token went out.', registers: [registry], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] })
  const activeStreams = new Gauge({ name: 'puter_proxy_active_streams', help: 'Streams open now.', registers: [registry] })
  new Gauge({ name: 'puter_proxy_queue_depth', help: 'Requests waiting for a per-token slot.', registers: [registry], collect() { this.set(queueDepth()) } })
  new Gauge({ name: 'puter_proxy_shared_state_up', help: 'With REDIS_URL: 1 while the shared Redis answers, 0 while each instance uses its local state.', registers: [registry], collect() {
    const up = sharedStateUp()
    if (up !== undefined) this.set(up)
  } })
  const limiterRejections = new Counter({ name: 'puter_proxy_limiter_rejections_total', help: 'Requests the per-token limiter turned away.', labelNames: ['reason'], registers: [registry] })
  const records = new WeakMap<Request, RequestRecord>()
  // prom-client hashes and validates labels on every call; the labelled children are few, so they are kept.
  const requestsOf = labelled(requests)
  const durationOf = labelled(duration)
  const upstreamOf = labelled(upstream)

  let routeOf: (pathname: string, method: string) => string = () => 'other'
  return {
    registry,
    activeStreams,
    limiterRejections,
    labelRoutesWith(label) {
      routeOf = label
    },
    begin(request, id, pathname = new URL(request.url).pathname) {
      const route = routeOf(pathname, request.method)
      const record: RequestRecord = { id, method: request.method, route, start: performance.now() }
      if (route === 'other') record.path = pathname.slice(0, 200)
      records.set(request, record)
      return record
    },
    get: (request) => records.get(request),
    finish(record) {
      if (record.finished) return
      record.finished = true
      const ms = performance.now() - record.start
      const status = record.status ?? 200
      requestsOf(record.route, String(status)).inc()
      durationOf(record.route).observe(ms / 1000)
      if (record.upstreamMs !== undefined) upstreamOf(String(record.upstreamStatus ?? 200)).observe(record.upstreamMs / 1000)
      if (record.firstTokenMs !== undefined) firstToken.observe(record.firstTokenMs / 1000)
      if (record.route === '/metrics' || record.route === '/health' || record.route === '/health/ready') return
      const { start: _start, open: _open, finished: _finished, ...fields } = record
      // Tenths of a millisecond: what a person reads, without float noise (5.199184999999488).
      if (fields.upstreamMs !== undefined) fields.upstreamMs = Math.round(fields.upstreamMs * 10) / 10
      if (fields.firstTokenMs !== undefined) fields.firstTokenMs = Math.round(fields.firstTokenMs * 10) / 10
      log.info('request', { ...fields, status, duration_ms: Math.round(ms), pid: process.pid })
    },
  }
}

/** A metric's labelled child per label values, kept: label sets are bounded (routes by template, HTTP statuses). */
function labelled<T>(metric: { labels(...values: string[]): T }): (...values: string[]) => T {
  const children = new Map<string, T>()
  return (...values) => {
    const key = values.join('\u0000')
    let child = children.get(key)
    if (child === undefined) children.set(key, (child = metric.labels(...values)))
    return child
  }
}
