/**
 * Builds the Elysia app: the error hook, CORS, docs, and each wire surface.
 * No I/O happens here beyond what the routes do per request.
 */
import { cors } from '@elysiajs/cors'
import { Elysia } from 'elysia'
import type { Config } from './config.ts'
import { DOCS_PATH, docsPlugin, SPEC_PATH } from './docs.ts'
import { fromFrameworkError } from './errors.ts'
import { log } from './log.ts'
import { healthDoc } from './openai/route-docs.ts'
import { openAiRoutes } from './openai/routes.ts'
import { createCatalogue, type Catalogue } from './puter/catalogue.ts'
import { createPuterClient, type PuterClient } from './puter/client.ts'

export interface AppDeps {
  puter?: PuterClient
  catalogue?: Catalogue
}

/** Response headers a browser client may read. */
const EXPOSED_HEADERS = ['retry-after', 'x-catalogue-source', 'x-puter-provider', 'x-puter-model']

/** Creates the app for `config`; `deps` replace the real Puter client or catalogue in tests. */
export function createApp(config: Config, deps: AppDeps = {}) {
  const puter = deps.puter ?? createPuterClient(config.puterApiOrigin)
  const catalogue = deps.catalogue ?? createCatalogue({
    client: puter,
    ttlMs: config.modelsCacheTtlMs,
    fetchTimeoutMs: config.modelsFetchTimeoutMs,
  })

  return new Elysia()
    .onError({ as: 'global' }, ({ code, error, request }) => {
      const mapped = fromFrameworkError(code, error, request)
      if (mapped.status >= 500 && mapped.code === 'internal_error') log.error('unhandled error', error)
      return mapped.toResponse()
    })
    .use(cors({
      origin: true,
      credentials: false,
      // Reflects what the preflight asks for: Authorization, x-api-key and the SDK's x-stainless-* headers.
      allowedHeaders: true,
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }))
    .use(docsPlugin())
    .get('/', () => ({
      name: 'puter-openai-proxy',
      api: '/v1',
      endpoints: ['POST /v1/chat/completions', 'GET /v1/models', 'GET /v1/models/{id}', 'GET /health'],
      docs: DOCS_PATH,
      openapi: SPEC_PATH,
      readme: 'README.md in the project root: setup, configuration, endpoints, errors',
    }), { detail: { hide: true } })
    .get('/health', () => ({ status: 'ok' as const }), { detail: healthDoc })
    .use(openAiRoutes({ config, puter, catalogue }))
}

export type App = ReturnType<typeof createApp>
