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

type Operation = {
  'x-request-examples'?: unknown
  /** Routes served from a wildcard (`/v1beta/models/*`) name the paths clients call. */
  'x-paths'?: string[]
  operationId?: string
  parameters?: unknown[]
  requestBody?: { content?: Record<string, { examples?: unknown }> }
}

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
  // TypeBox leaves `$id`s on the components; Swagger UI then fails to resolve their `$ref`s and shows
  // `any` and `"string"` where the real fields and examples belong.
  stripIds((doc as { components?: unknown }).components)
  // A wildcard route stands for the paths it documents: one operation per path, each with its own id.
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const paths = op['x-paths']
      if (!paths) continue
      delete op['x-paths']
      for (const target of paths) {
        const suffix = /:(\w+)$/.exec(target)?.[1]
        const params = [...target.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' }, example: name === 'model' ? 'gemini-2.5-flash' : undefined }))
        const copy: Operation = { ...structuredClone(op), parameters: [...params, ...(op.parameters ?? [])] }
        if (suffix && op.operationId) copy.operationId = `${op.operationId}${suffix[0]!.toUpperCase()}${suffix.slice(1)}`
        ;(doc.paths![target] ??= {})[method] = copy
      }
      delete item[method]
      if (Object.keys(item).length === 0) delete doc.paths![path]
    }
  }
  return doc
}

function stripIds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(stripIds)
  if (typeof node !== 'object' || node === null) return
  delete (node as Record<string, unknown>).$id
  for (const value of Object.values(node)) stripIds(value)
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
        { name: 'Gemini', description: 'Google\'s Gemini API, for Gemini CLI and the @google/genai SDK' },
        { name: 'Media', description: 'Images, speech and transcription, by Puter\'s image, TTS and speech-to-text drivers' },
        { name: 'Models', description: 'The models Puter serves' },
        { name: 'Meta', description: 'Health and service information' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Your Puter auth token, as `Authorization: Bearer`: what the OpenAI SDKs, Codex CLI, Claude Code (`ANTHROPIC_AUTH_TOKEN`) and most tools send.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Your Puter auth token, as `x-api-key`: what the Anthropic SDKs send (`ANTHROPIC_API_KEY`).' },
          googApiKey: { type: 'apiKey', in: 'header', name: 'x-goog-api-key', description: 'Your Puter auth token, as Google\'s clients send it (also accepted as `?key=`)' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }, { googApiKey: [] }],
    },
  })
}
