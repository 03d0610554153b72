/**
 * One error type for everything a client can see, and the mappers into it.
 * The status policy here is a product decision; the README's error table
 * mirrors `fromPuterFailure` and must change with it.
 */

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'insufficient_quota'
  | 'rate_limit_error'
  | 'api_error'

export interface ErrorBody {
  error: { message: string; type: ErrorType; param: string | null; code: string | null }
}

export class ProxyError extends Error {
  /** Puter's status and code, when this error maps a Puter answer (for logs and metrics). */
  upstreamStatus?: number
  upstreamCode?: string

  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ProxyError'
  }

  /** The OpenAI error body: `{"error":{"message","type","param","code"}}`. */
  toBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } }
  }

  /** The headers every surface sends with this error: its own, and whether a retry can help. */
  httpHeaders(): Record<string, string> {
    const retry = shouldRetry(this.status)
    return retry === undefined ? this.headers : { 'x-should-retry': retry, ...this.headers }
  }

  /** A JSON Response with this error's status and headers. */
  toResponse(): Response {
    return new Response(JSON.stringify(this.toBody()), {
      status: this.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...this.httpHeaders() },
    })
  }
}

/**
 * `x-should-retry`, which the OpenAI and Anthropic SDKs obey before their own
 * rules: a bad key or body fails at once instead of after minutes of retries
 * (Claude Code retried a 401 for two minutes), and what a wait can fix is retried.
 */
function shouldRetry(status: number): 'true' | 'false' | undefined {
  if (status === 429 || status === 502 || status === 503 || status === 504 || status === 408) return 'true'
  if (status >= 400 && status < 500) return 'false'
  return undefined
}

/** Puter's error body fields we read; Puter adds others (attempts, reason, ...). */
interface PuterErrorFields {
  message?: string
  code?: string
  errorCode?: string
}

function readPuterError(body: unknown): PuterErrorFields {
  if (typeof body !== 'object' || body === null) return {}
  const b = body as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  // The route-level policy veto nests its fields: {"error":{"code","message"}}.
  const nested = typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>) : {}
  return {
    message: str(b.message) ?? str(b.error) ?? str(nested.message),
    code: str(b.code) ?? str(nested.code),
    errorCode: str(b.errorCode),
  }
}

/** Retry-After hints: Puter sends none, so we say when a retry can succeed. */
function retryAfterFor(message: string): string {
  // A concurrency slot frees as soon as another request ends; the rate window is 10 s.
  return /concurrent/i.test(message) ? '1' : '5'
}

/**
 * Maps a non-2xx answer from Puter to the error the client sees.
 * `body` is the parsed JSON body, or the raw text when it was not JSON.
 */
export function fromPuterFailure(status: number, body: unknown): ProxyError {
  const error = mapPuterFailure(status, body)
  error.upstreamStatus = status
  error.upstreamCode = readPuterError(body).code
  return error
}

function mapPuterFailure(status: number, body: unknown): ProxyError {
  const fields = readPuterError(body)
  const code = fields.errorCode ?? fields.code ?? null
  const detail = fields.message ?? (typeof body === 'string' ? summariseText(body) : '')
  const said = detail ? `Puter: ${detail}` : `Puter answered HTTP ${status}`

  if (status === 401) {
    return new ProxyError(401, 'authentication_error', 'invalid_api_key',
      `Puter rejected the API key (${said}). Use a valid Puter auth token as the API key.`)
  }
  if (status === 402) {
    return new ProxyError(402, 'insufficient_quota', 'insufficient_quota',
      `Your Puter account has no AI credit left for this request (${said}).`)
  }
  if (status === 403) {
    return new ProxyError(403, 'permission_error', code ?? 'forbidden', said)
  }
  if (status === 413) {
    return new ProxyError(413, 'invalid_request_error', 'request_too_large', said)
  }
  if (status === 429) {
    return new ProxyError(429, 'rate_limit_error', 'rate_limit_exceeded', said, null, {
      'retry-after': retryAfterFor(detail),
    })
  }
  if (status === 400 && /^model not found/i.test(detail)) {
    return new ProxyError(404, 'invalid_request_error', 'model_not_found',
      `${said}. GET /v1/models lists the models Puter serves.`, 'model')
  }
  // Puter reports "every upstream provider failed" as a 400, but it is not the client's fault.
  if (status === 400 && (code === 'upstream_provider_unavailable' || code === 'upstream_failed')) {
    return new ProxyError(502, 'api_error', 'upstream_unavailable', said)
  }
  if (status >= 400 && status < 500 && status !== 404) {
    return new ProxyError(400, 'invalid_request_error', code ?? 'bad_request', said)
  }
  // A 404 means the driver route moved (or PUTER_API_ORIGIN is wrong); 5xx are Puter's own failures.
  return new ProxyError(502, 'api_error', 'upstream_unavailable', `${said} (HTTP ${status}).`)
}

/** Puter could not be reached at all: connection refused, DNS, TLS; `cause` says which (no secrets: a code and a host). */
export function fromUnreachable(origin: string, cause?: string): ProxyError {
  return new ProxyError(503, 'api_error', 'upstream_unavailable',
    `Puter could not be reached at ${origin}${cause ? ` (${cause})` : ''}. Try again shortly.`)
}

/** A network error as a short cause: its code (ECONNREFUSED, ENOTFOUND, a TLS code, …) and what it says. */
export function describeNetworkError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } }
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined
  const message = typeof e?.message === 'string' ? e.message : String(err)
  const hint = /proxy/i.test(message) ? '' : /ENOTFOUND|getaddrinfo|DNS/i.test(`${code} ${message}`) ? ': the host name did not resolve (DNS, or a proxy is needed)'
    : /CERT|TLS|SSL/i.test(`${code} ${message}`) ? ': TLS failed' : /REFUSED/i.test(`${code} ${message}`) ? ': the connection was refused' : ''
  return `${code ?? 'network error'}${hint}${code && message.includes(code) ? '' : ` — ${message.slice(0, 160)}`}`
}

/** A failure after the stream started: Puter's error line, a broken connection, a garbled line. */
export function fromStreamFailure(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err
  return new ProxyError(502, 'api_error', 'upstream_stream_error',
    `The Puter stream broke off: ${err instanceof Error ? err.message : String(err)}`)
}

/** Anything unexpected: a bug. No stack trace reaches the client. */
export function internalError(): ProxyError {
  return new ProxyError(500, 'api_error', 'internal_error', 'The proxy hit an internal error. It has been logged.')
}

function summariseText(text: string): string {
  const trimmed = text.trim()
  if (trimmed.startsWith('<')) return '' // an HTML error page from an edge proxy says nothing useful
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed
}

/**
 * Maps Elysia's own errors (validation, parse, unknown route or method) to
 * the one error type. Never throws: an error it cannot read is a generic 400
 * or a 500, not a second failure.
 */
export function fromFrameworkError(code: string | number, err: unknown, request: Request, allowedMethods?: (path: string) => string[]): ProxyError {
  if (err instanceof ProxyError) return err
  // Elysia wraps what a body parser throws (our guarded reader's 413, 408 and 400s) in its ParseError.
  if (err instanceof Error && err.cause instanceof ProxyError) return err.cause
  try {
    if (code === 'VALIDATION') return fromValidationError(err)
    if (code === 'PARSE') {
      return new ProxyError(400, 'invalid_request_error', 'invalid_json',
        'The request body could not be parsed as JSON. Send `Content-Type: application/json` and a JSON object.')
    }
    if (code === 'NOT_FOUND') {
      const path = new URL(request.url).pathname
      const allowed = allowedMethods?.(path) ?? []
      if (allowed.length > 0) {
        return new ProxyError(405, 'invalid_request_error', 'method_not_allowed',
          `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, null, { allow: allowed.join(', ') })
      }
      return new ProxyError(404, 'invalid_request_error', 'not_found',
        `Unknown route: ${request.method} ${path}. The API lives under /v1; /swagger documents it.`)
    }
  } catch {
    return new ProxyError(400, 'invalid_request_error', 'invalid_request', 'The request is invalid.')
  }
  return internalError()
}

interface ValueErrorLike {
  path?: string
  message?: string
  schema?: { anyOf?: { const?: unknown }[] }
}

function fromValidationError(err: unknown): ProxyError {
  const e = err as { valueError?: ValueErrorLike; type?: string }
  const first = e?.valueError
  const param = first?.path ? toParam(first.path) : null
  // A path parameter that fails (bad percent-encoding such as `%ff`) is not a body problem.
  if (e?.type === 'params') {
    return new ProxyError(400, 'invalid_request_error', 'invalid_path',
      `The URL path is not valid${param ? ` (\`${param}\`)` : ''}: check its percent-encoding.`, param)
  }
  const choices = first?.schema?.anyOf?.every((s) => s.const !== undefined)
    ? `must be one of ${first.schema.anyOf.map((s) => JSON.stringify(s.const)).join(', ')}`
    : undefined
  const what = choices ?? first?.message ?? 'is invalid'
  return new ProxyError(400, 'invalid_request_error', 'invalid_request_body',
    param ? `Invalid request body: \`${param}\` ${lowerFirst(what)}.` : `Invalid request body: ${lowerFirst(what)}.`, param)
}

/** `/messages/0/content` → `messages[0].content`, the form OpenAI uses in `param`. */
function toParam(pointer: string): string {
  return pointer
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '')
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '')
}
