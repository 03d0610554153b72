/**
 * The OpenAPI document and Swagger UI, generated from the routes' TypeBox
 * schemas. `bun run openapi` writes the same document to openapi/openapi.json.
 */
import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
// Imported as files so `bun build --compile` embeds them: the page must work with no internet.
import swaggerBundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' }
import swaggerCss from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' }
import pkg from '../package.json'

/** A `$ref` to a component schema, for hand-written parts of route docs. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/**
 * Error responses for `statuses`, each with its cause from `causes` and the
 * surface's error schema; 429 documents `Retry-After`, which the server always sends with it.
 */
export function errorResponses(errorSchema: string, causes: Record<number, string>, ...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, {
    description: causes[status] ?? 'An error.',
    headers: status === 429 ? { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' as const } } } : undefined,
    content: { 'application/json': { schema: schemaRef(errorSchema) } },
  }]))
}

export const DOCS_PATH = '/swagger'
export const SPEC_PATH = '/swagger/json'
const ASSETS = { js: `${DOCS_PATH}/assets/swagger-ui-bundle.js`, css: `${DOCS_PATH}/assets/swagger-ui.css` }

/** The docs plugin: Swagger UI at /swagger, the document at /swagger/json. */
export function docsPlugin() {
  return new Elysia({ name: 'docs' })
    // The page loads the spec by the relative URL `swagger/json`, which breaks under `/swagger/`.
    .onRequest(({ request }) => {
      const url = new URL(request.url)
      if (url.pathname === `${DOCS_PATH}/`) return Response.redirect(`${DOCS_PATH}${url.search}`, 301)
    })
    // Served pretty-printed so that openapi/openapi.json can be byte-for-byte this response and still read well.
    .mapResponse(({ request, responseValue }) => {
      if (new URL(request.url).pathname !== SPEC_PATH || responseValue instanceof Response) return
      return new Response(`${JSON.stringify(finishDocument(responseValue), null, 2)}\n`, {
        headers: { 'content-type': 'application/json; charset=utf-8' },
      })
    })
    .get(ASSETS.js, () => asset(swaggerBundle, 'text/javascript; charset=utf-8'), { detail: { hide: true } })
    .get(ASSETS.css, () => asset(swaggerCss, 'text/css; charset=utf-8'), { detail: { hide: true } })
    .use(openapiPlugin())
}

type Operation = { 'x-request-examples'?: unknown; requestBody?: { content?: Record<string, { examples?: unknown }> } }

/**
 * Puts each operation's `x-request-examples` into its JSON request body, where
 * Swagger UI reads them: the plugin builds `requestBody` from the schema alone,
 * and Swagger UI cannot derive a sample from a `$ref`'d 3.1 schema.
 */
export function finishDocument(served: unknown): unknown {
  const doc = structuredClone(served) as { paths?: Record<string, Record<string, Operation>> }
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      const examples = op['x-request-examples']
      const media = op.requestBody?.content?.['application/json']
      if (examples && media) media.examples = examples
      delete op['x-request-examples']
    }
  }
  return doc
}

function asset(path: string, type: string): Response {
  return new Response(Bun.file(path), { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } })
}

function openapiPlugin() {
  return openapi({
    path: DOCS_PATH,
    specPath: SPEC_PATH,
    provider: 'swagger-ui',
    swagger: {
      cdn: ASSETS.js,
      theme: ASSETS.css,
      // Keeps the token from the Authorize dialog across reloads, and opens "Try it out" at once.
      persistAuthorization: true,
      tryItOutEnabled: true,
      displayOperationId: true,
    },
    exclude: { paths: ['/', DOCS_PATH, SPEC_PATH] },
    documentation: {
      info: {
        title: 'puter-openai-proxy',
        version: pkg.version,
        description: 'OpenAI- and Anthropic-compatible API in front of Puter\'s AI backend. Use your Puter auth token as the API key.',
        license: { name: pkg.license, identifier: pkg.license },
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'Chat', description: 'Chat completions, streamed or not, and legacy completions' },
        { name: 'Responses', description: 'OpenAI\'s Responses API, for Codex CLI, the Agents SDK and `openai(model)` providers; stored responses' },
        { name: 'Anthropic', description: 'Anthropic\'s Messages API, for Claude Code and the Anthropic SDKs' },
        { name: 'Models', description: 'The models Puter serves' },
        { name: 'Meta', description: 'Health and service information' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Your Puter auth token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Your Puter auth token' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  })
}
