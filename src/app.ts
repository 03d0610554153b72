/**
 * Builds the Elysia app: request ids and log lines, the error hook, body
 * limit, CORS and security headers, docs, service routes, and each wire
 * surface. No I/O happens here beyond what the routes do per request.
 */
import { cors } from '@elysiajs/cors'
import { Elysia } from 'elysia'
import { anthropicRoutes, isAnthropicPath } from './anthropic/routes.ts'
import { toAnthropicErrorResponse } from './anthropic/errors.ts'
import pkg from '../package.json'
import { createModelResolver } from './aliases.ts'
import { createAuthenticator } from './auth.ts'
import type { Config } from './config.ts'
import { DOCS_PATH, docsPlugin, SPEC_PATH } from './docs.ts'
import { drainBody, readGuardedBody, tooLarge, type BodyLimits } from './body.ts'
import { fromFrameworkError, type ProxyError } from './errors.ts'
import { createMethodIndex, createRouteLabeler } from './routes-index.ts'
import { createLifecycle, type Lifecycle } from './lifecycle.ts'
import type { Limiter } from './limiter.ts'
import { createLogger, type Logger } from './log.ts'
import { createObserver } from './observe.ts'
import { healthDoc, metricsDoc, readyDoc, upstreamHealthDoc } from './openai/route-docs.ts'
import { openAiRoutes } from './openai/routes.ts'
import { createCatalogue, type Catalogue } from './puter/catalogue.ts'
import { createPuterClient, type PuterClient } from './puter/client.ts'
import { responsesRoutes } from './responses/routes.ts'
import { geminiRoutes, isGeminiRequest } from './gemini/routes.ts'
import { mediaRoutes } from './media/routes.ts'
import { createPage, wantsPage, webAssets } from './web/routes.ts'
import { toGoogleErrorResponse } from './gemini/errors.ts'
import { createState } from './state/index.ts'
import type { ResponseStore } from './state/response-store.ts'

export interface AppDeps {
  puter?: PuterClient
  catalogue?: Catalogue
  imageCatalogue?: Catalogue
  limiter?: Limiter
  logger?: Logger
  lifecycle?: Lifecycle
  responseStore?: ResponseStore
}

/** Response headers a browser client may read. */
const EXPOSED_HEADERS = ['retry-after', 'x-should-retry', 'x-dropped-tools', 'x-request-id', 'x-catalogue-source', 'x-puter-provider', 'x-puter-model']
/** For API answers; the docs page keeps the browser defaults it needs. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
}
const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Creates the app for `config`; `deps` replace the real Puter client, catalogue, limiter or logger in tests. */
export function createApp(config: Config, deps: AppDeps = {}) {
  const logger = deps.logger ?? createLogger(config.logLevel)
  let puterReachable = true
  const puter = deps.puter ?? createPuterClient(config.puterApiOrigin, {
    headersTimeoutMs: config.upstreamHeadersTimeoutMs,
    responseTimeoutMs: config.upstreamResponseTimeoutMs,
    idleTimeoutMs: config.streamIdleTimeoutMs,
    retries: config.upstreamRetries,
    // One line per change, not one per request: a down Puter would flood the log otherwise.
    onReachability: (reachable, cause) => {
      if (reachable === puterReachable) return
      puterReachable = reachable
      if (reachable) logger.info('Puter is reachable again', { upstream: config.puterApiOrigin })
      else logger.warn('Puter cannot be reached', { upstream: config.puterApiOrigin, cause })
    },
  })
  // The gauges read the limiter and the shared state only when scraped, so the observer can come first.
  const obs = createObserver(logger, () => limiter.queueDepth(), () => (state.redis ? (state.redis.up ? 1 : 0) : undefined))
  const state = createState(config, logger, puter, {
    maxConcurrent: config.maxConcurrentPerToken,
    rate: config.rateLimitPerToken,
    queueMax: config.queueMaxPerToken,
    queueTimeoutMs: config.queueTimeoutMs,
    onReject: (reason) => obs.limiterRejections.inc({ reason }),
  })
  const limiter = deps.limiter ?? state.limiter
  const catalogue = deps.catalogue ?? createCatalogue({
    client: { listModels: state.listModels }, ttlMs: config.modelsCacheTtlMs, fetchTimeoutMs: config.modelsFetchTimeoutMs,
    onFallback: (source, cause) => logger.warn(source === 'snapshot' ? 'Puter\'s model list cannot be fetched: serving the bundled snapshot' : 'Puter\'s model list cannot be fetched: serving the last copy', { upstream: config.puterApiOrigin, cause }),
  })
  // No snapshot is bundled for image models: when Puter cannot be reached and no copy was fetched, the list is a 502.
  const imageCatalogue = deps.imageCatalogue ?? createCatalogue({
    client: { listModels: (options) => puter.listImageModels(options) }, ttlMs: config.modelsCacheTtlMs, fetchTimeoutMs: config.modelsFetchTimeoutMs, fallback: null,
    onFallback: (_source, cause) => logger.warn('Puter\'s image model list cannot be fetched: serving the last copy', { upstream: config.puterApiOrigin, cause }),
  })
  const lifecycle = deps.lifecycle ?? createLifecycle()
  const limits = bodyLimits(config)
  // Uploads (multipart: audio, images) have their own limit, as at OpenAI.
  const uploadLimits = { ...limits, setting: 'MAX_UPLOAD_SIZE', maxBytes: config.maxUploadBytes, drainBytes: config.maxUploadBytes + Math.max(config.maxUploadBytes, 16 * 1024 * 1024) }
  const limitsFor = (request: Request) => (/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '') ? uploadLimits : limits)
  const allowedOrigin = (origin: string | null) => (config.corsOrigins.includes('*') ? '*' : origin && config.corsOrigins.includes(origin) ? origin : undefined)
  let page: (() => Response) | undefined
  /** The `/` and `/v1` index: the documented routes, read from the mounted routes themselves. */
  let endpoints: string[] | undefined
  type MountedRoute = { method: string; path: string; hooks?: { detail?: { hide?: boolean } } }
  const index = (): Record<string, unknown> => ({
    name: 'puter-openai-proxy',
    version: pkg.version,
    api: '/v1',
    endpoints: (endpoints ??= (app.routes as unknown as MountedRoute[])
      .filter((r) => r.method !== 'OPTIONS' && !r.hooks?.detail?.hide && !r.path.startsWith(DOCS_PATH))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, r.method === 'POST' ? '{model}:{generateContent|streamGenerateContent|countTokens}' : '{model}')}`)),
    docs: DOCS_PATH,
    openapi: SPEC_PATH,
    readme: 'README.md in the project root: setup, configuration, endpoints, errors',
  })
  /** An error in the shape of the surface the request speaks. */
  const renderError = (request: Request, error: ProxyError, path = new URL(request.url).pathname): Response =>
    isAnthropicPath(path) ? toAnthropicErrorResponse(error) : isGeminiRequest(request, path) ? toGoogleErrorResponse(error) : error.toResponse()
  /** The 413 for a declared length over the limit, after draining the body so that the client hears it. */
  const refuseTooLarge = async (request: Request, path: string, length: number): Promise<Response> => {
    const bounds = limitsFor(request)
    const error = tooLarge(length, bounds.maxBytes, bounds.setting)
    if (length <= bounds.drainBytes) await drainBody(request, bounds)
    else error.headers.connection = 'close'
    // This answer leaves before the CORS plugin runs: a browser client must still be able to read it.
    const origin = allowedOrigin(request.headers.get('origin'))
    if (origin) error.headers['access-control-allow-origin'] = origin
    const record = obs.get(request)
    if (record) {
      record.status = 413
      record.errorCode = 'request_too_large'
    }
    return renderError(request, error, path)
  }
  // The routes' methods by path, for a 405 with `Allow` when a known path is called with another method.
  let allowedMethods: ((path: string) => string[]) | undefined
  const authenticate = createAuthenticator(config)
  const resolveModel = createModelResolver(config.modelAliases)
  const store = deps.responseStore ?? state.store

  // normalize would strip unknown request fields; a proxy must forward them (schemas also allow them).
  const app = new Elysia({ normalize: false })
    .onRequest(({ request, set }) => {
      const given = request.headers.get('x-request-id')
      const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID()
      set.headers['x-request-id'] = id
      const path = new URL(request.url).pathname
      obs.begin(request, id, path)
      // The docs and the page at `/` bring their own (a page needs its scripts and styles).
      if (!path.startsWith(DOCS_PATH) && path !== '/' && !path.startsWith('/ui/')) Object.assign(set.headers, SECURITY_HEADERS)
      // Checked before any parsing: a body this large is refused, read only to be thrown away so the client hears the 413.
      const length = Number(request.headers.get('content-length') ?? 0)
      // Only this rare path is asynchronous: every other request passes through without a promise.
      if (length > limitsFor(request).maxBytes) return refuseTooLarge(request, path, length)
    })
    // Every body goes through the guarded reader before the framework's parser and validator see it.
    .onParse({ as: 'global' }, ({ request }) => readGuardedBody(request, limitsFor(request)))
    .onError({ as: 'global' }, ({ code, error, request }) => {
      allowedMethods ??= createMethodIndex(app.routes)
      const mapped = fromFrameworkError(code, error, request, allowedMethods)
      const record = obs.get(request)
      if (record) {
        record.errorCode = mapped.code ?? undefined
        // The status the client gets is decided here; Elysia's own (200 for NOT_FOUND, 422 for VALIDATION) is not it.
        record.status = mapped.status
      }
      if (mapped.status >= 500 && mapped.code === 'internal_error') logger.error('unhandled error', { request_id: record?.id, error })
      // Each surface answers in its own error shape.
      return renderError(request, mapped)
    })
    .onAfterResponse({ as: 'global' }, ({ request, set, responseValue }) => {
      const record = obs.get(request)
      if (!record || record.open) return // a stream logs when it ends
      record.status ??= responseValue instanceof Response ? responseValue.status : typeof set.status === 'number' ? set.status : 200
      obs.finish(record)
    })
    .use(cors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      credentials: false,
      // Reflects what the preflight asks for: Authorization, x-api-key and the SDK's x-stainless-* headers.
      allowedHeaders: true,
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }))
    .use(docsPlugin())
    // A browser gets the page for people; API clients the JSON index.
    .get('/', async ({ request }) => (wantsPage(request) ? (page ??= await createPage(config))() : index()), { detail: { hide: true } })
    .use(webAssets())
    // A person who opens the base URL their client is set to gets the same index, not a 404.
    .get('/v1', index, { detail: { hide: true } })
    .get('/health', () => ({ status: 'ok' as const, version: pkg.version }), { detail: healthDoc })
    // Readiness: this instance serves either way; `degraded` says its limits and stored responses are local for now.
    .get('/health/ready', () => {
      if (!state.redis) return { status: 'ok' as const, shared_state: 'off' as const }
      return state.redis.up
        ? { status: 'ok' as const, shared_state: 'redis' as const }
        : { status: 'degraded' as const, shared_state: 'local' as const, cause: `Redis is unreachable (${state.redis.cause ?? 'unknown'}); limits hold per instance until it is back` }
    }, { detail: readyDoc })
    .get('/health/upstream', async ({ set }) => {
      const started = performance.now()
      try {
        await puter.ping({ signal: AbortSignal.timeout(config.modelsFetchTimeoutMs) })
        return { status: 'ok' as const, upstream: puter.origin, latency_ms: Math.round(performance.now() - started) }
      } catch (err) {
        set.status = 503
        return { status: 'unavailable' as const, upstream: puter.origin, error: err instanceof Error ? err.message : String(err) }
      }
    }, { detail: upstreamHealthDoc })
    .get('/metrics', async () => new Response(await obs.registry.metrics(), { headers: { 'content-type': obs.registry.contentType } }), { detail: metricsDoc })
    .use(openAiRoutes({ config, puter, catalogue, imageCatalogue, limiter, observer: obs, lifecycle, authenticate, resolveModel }))
    .use(anthropicRoutes({ config, puter, limiter, observer: obs, lifecycle, authenticate, resolveModel }))
    .use(responsesRoutes({ config, puter, limiter, observer: obs, lifecycle, authenticate, resolveModel, store, logger }))
    .use(geminiRoutes({ config, puter, catalogue, limiter, observer: obs, lifecycle, authenticate, resolveModel }))
    .use(mediaRoutes({ puter, limiter, observer: obs, lifecycle, authenticate, resolveModel }))

  // Log and metric labels come from the routes as mounted: a new surface needs no edit elsewhere.
  const labels = createRouteLabeler(app.routes)
  obs.labelRoutesWith((path, method) => (path.startsWith(DOCS_PATH) ? DOCS_PATH : labels(path, method)))
  return Object.assign(app, { lifecycle })
}

export type App = ReturnType<typeof createApp>

/** JSON nested deeper than this is refused before validation: real requests nest a dozen levels. */
export const MAX_JSON_DEPTH = 64

/** The body rules for `config`: over-size bodies are drained up to twice the limit (at least 16 MiB more). */
export function bodyLimits(config: Config): BodyLimits {
  return {
    maxBytes: config.maxBodyBytes,
    drainBytes: config.maxBodyBytes + Math.max(config.maxBodyBytes, 16 * 1024 * 1024),
    readTimeoutMs: config.bodyReadTimeoutMs,
    floorBytesPerSecond: 64 * 1024,
    maxDepth: MAX_JSON_DEPTH,
  }
}

/** How the server listens: shared by the entry point and the tests. */
export function listenOptions(config: Config) {
  return {
    port: config.port,
    hostname: config.host,
    // Bun refuses larger bodies outright with a bare 413; below this, the app answers with its own 413 after draining.
    maxRequestBodySize: Math.max(bodyLimits(config).drainBytes, 2 * config.maxUploadBytes + 16 * 1024 * 1024) + 64 * 1024,
    // Sharing the port is for the workers of one WORKERS=N server only: a second server on a busy port
    // must fail at start, not quietly take half the traffic (Elysia turns SO_REUSEPORT on by default).
    reusePort: config.workers > 1,
  }
}
