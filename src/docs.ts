/**
 * The OpenAPI document and Swagger UI, generated from the routes' TypeBox
 * schemas. `bun run openapi` writes the same document to openapi/openapi.json.
 */
import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import pkg from '../package.json'

export const DOCS_PATH = '/swagger'
export const SPEC_PATH = '/swagger/json'

/** The docs plugin: Swagger UI at /swagger, the document at /swagger/json. */
export function docsPlugin() {
  return new Elysia({ name: 'docs' })
    // The page loads the spec by the relative URL `swagger/json`, which breaks under `/swagger/`.
    .onRequest(({ request }) => {
      const url = new URL(request.url)
      if (url.pathname === `${DOCS_PATH}/`) return Response.redirect(`${DOCS_PATH}${url.search}`, 301)
    })
    .use(openapiPlugin())
}

function openapiPlugin() {
  return openapi({
    path: DOCS_PATH,
    specPath: SPEC_PATH,
    provider: 'swagger-ui',
    exclude: { paths: ['/', DOCS_PATH, SPEC_PATH] },
    documentation: {
      info: {
        title: 'puter-openai-proxy',
        version: pkg.version,
        description: 'OpenAI-compatible API in front of Puter\'s AI backend. Use your Puter auth token as the API key.',
        license: { name: pkg.license },
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'Chat', description: 'Chat completions, streamed or not' },
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
