/**
 * The front door for request bodies, before any framework code sees them:
 * one size rule for every body (with a Content-Length or chunked), a floor
 * on how slowly it may arrive, JSON nested no deeper than a
 * bound, and values that cannot break error formatting. Each failure is a
 * ProxyError with a clear message, rendered in the surface's own shape.
 */
import { ProxyError } from './errors.ts'

export interface BodyLimits {
  maxBytes: number
  /** Bodies over `maxBytes` are still read (and thrown away) up to this, so the 413 reaches a client that is still sending. */
  drainBytes: number
  /** How long a body may take, plus one second per `floorBytesPerSecond` received. */
  readTimeoutMs: number
  floorBytesPerSecond: number
  maxDepth: number
  /** The setting that sets `maxBytes`, named in the 413. */
  setting?: string
}

export const tooLarge = (bytes: number | string, max: number, setting = 'MAX_BODY_SIZE') => new ProxyError(413, 'invalid_request_error', 'request_too_large',
  `The request body is ${typeof bytes === 'number' ? `${bytes} bytes` : bytes}; the limit is ${max} (${setting}).`)

// The rest of the body is not read: the connection cannot carry another request.
const tooSlow = (timeoutMs: number) => new ProxyError(408, 'invalid_request_error', 'request_timeout',
  `The request body arrived too slowly (BODY_READ_TIMEOUT is ${Math.round(timeoutMs / 1000)} s, plus a second per 64 KiB); send it again faster.`,
  null, { connection: 'close' })

/** Reads `request`'s body as text within `limits` (invalid UTF-8 becomes U+FFFD, as in every JSON server); throws a 413 or a 408 ProxyError. */
export async function readBodyText(request: Request, limits: BodyLimits): Promise<string> {
  // The common case, a Content-Length within the limit: one native read under one timer.
  const length = Number(request.headers.get('content-length') ?? Number.NaN)
  if (!request.body || !Number.isInteger(length) || length > limits.maxBytes) return utf8.decode(await readBodyBytes(request, limits))
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(limits.readTimeoutMs)), limits.readTimeoutMs + (length / limits.floorBytesPerSecond) * 1000)
  })
  try {
    return await Promise.race([request.text(), late])
  } finally {
    clearTimeout(timer)
  }
}

/** Reads `request`'s body as bytes within `limits`, chunk by chunk: for bodies without a Content-Length, and for draining. */
export async function readBodyBytes(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const started = performance.now()
  const chunks: Uint8Array[] = []
  let total = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = () => started + limits.readTimeoutMs + (total / limits.floorBytesPerSecond) * 1000
  try {
    for (;;) {
      const wait = deadline() - performance.now()
      if (wait <= 0) throw tooSlow(limits.readTimeoutMs)
      const read = await Promise.race([
        reader.read(),
        new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), wait)
        }),
      ])
      clearTimeout(timer)
      if (read === 'late') throw tooSlow(limits.readTimeoutMs)
      if (read.done) break
      total += read.value.byteLength
      // Over the limit: keep reading, and keep nothing, so the client hears the 413 instead of a reset.
      if (total > limits.drainBytes) {
        const error = tooLarge(`over ${limits.drainBytes} bytes`, limits.maxBytes, limits.setting)
        error.headers.connection = 'close'
        throw error
      }
      if (total <= limits.maxBytes) chunks.push(read.value)
    }
  } catch (err) {
    void reader.cancel().catch(() => {})
    throw err
  }
  if (total > limits.maxBytes) throw tooLarge(total, limits.maxBytes, limits.setting)
  if (chunks.length === 1) return chunks[0]!
  const bytes = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/** The body as the routes see it: JSON (or, for multipart and form bodies, FormData), read within every limit. */
export async function readGuardedBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    const form = await new Response(await readBodyBytes(request, limits), { headers: { 'content-type': type } }).formData()
      .catch(() => { throw invalid('The request body is not valid multipart/form-data.', 'invalid_form') })
    return formToObject(form as unknown as { entries(): Iterable<[string, unknown]> })
  }
  return parseJsonBody(await readBodyText(request, limits), limits.maxDepth)
}

/** Form fields as an object: a field sent twice (`timestamp_granularities[]`) becomes a list, files stay files. */
function formToObject(form: { entries(): Iterable<[string, unknown]> }): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    const name = key.endsWith('[]') ? key.slice(0, -2) : key
    const prior = out[name]
    out[name] = prior === undefined ? (key.endsWith('[]') ? [value] : value) : Array.isArray(prior) ? [...prior, value] : [prior, value]
  }
  return out
}

/** Reads and discards a body known to be too large, within the drain bound and the time floor, so the 413 that follows reaches the client. */
export async function drainBody(request: Request, limits: BodyLimits): Promise<void> {
  await readBodyBytes(request, { ...limits, maxBytes: 0 }).catch(() => {})
}

const utf8 = new TextDecoder()
const invalid = (message: string, code = 'invalid_json') => new ProxyError(400, 'invalid_request_error', code, message)

/** Parses a JSON body nested at most `maxDepth` deep; an empty body is `undefined`. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    // JSC gives up on very deep nesting with its own error; either way the answer is the same.
    if (err instanceof RangeError || /depth|deep|recursion|stack/i.test(String((err as Error)?.message))) {
      throw invalid(`The request body is nested more than ${maxDepth} levels deep.`, 'too_deeply_nested')
    }
    throw invalid('The request body could not be parsed as JSON. Send `Content-Type: application/json` and a JSON object.')
  }
  guard(value, maxDepth)
  return value
}

/**
 * Walks the parsed body without recursion: fails past `maxDepth`, and gives
 * objects that carry their own `toString`/`valueOf` keys (`{"toString":"x"}`)
 * a primitive form, so that no error message built from them can throw.
 */
function guard(root: unknown, maxDepth: number): void {
  const stack: [unknown, number][] = [[root, 1]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth > maxDepth) throw invalid(`The request body is nested more than ${maxDepth} levels deep.`, 'too_deeply_nested')
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1])
      continue
    }
    if (Object.hasOwn(value, 'toString') || Object.hasOwn(value, 'valueOf')) {
      // A symbol key: invisible to JSON.stringify, to schema validation and to what is forwarded.
      Object.defineProperty(value, Symbol.toPrimitive, { value: () => '[object Object]' })
    }
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key]
      if (typeof item === 'object' && item !== null) stack.push([item, depth + 1])
    }
  }
}
