/**
 * The published OpenAPI document: committed = served, valid for two
 * independent validators, complete, and true to what the routes accept.
 */
import SwaggerParser from '@apidevtools/swagger-parser'
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import pkg from '../package.json'
import { SNAPSHOT } from '../src/puter/catalogue.ts'
import { DOCUMENT_PATH } from '../scripts/write-openapi.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

let h: Harness
let served: string
let doc: any
beforeAll(async () => {
  h = await startHarness()
  served = await (await fetch(`${h.base}/swagger/json`)).text()
  doc = JSON.parse(served)
})
afterAll(() => h.stop())

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]: [string, any]) => Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, op })))

describe('the document', () => {
  test('openapi/openapi.json is byte-for-byte what the server serves (run `bun run openapi` after a schema change)', () => {
    expect(readFileSync(DOCUMENT_PATH, 'utf8')).toBe(served)
  })

  test('is valid for @apidevtools/swagger-parser, every $ref resolving', async () => {
    await SwaggerParser.validate(structuredClone(doc))
  })

  test('is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator', async () => {
    const result = await new Validator().validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  test('info, servers and security schemes', () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    expect(doc.info).toMatchObject({ title: 'puter-openai-proxy', version: pkg.version, license: { name: pkg.license } })
    expect(doc.servers).toEqual([{ url: '/' }])
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' })
  })

  test('documents every public route with an operation id, summary, description and tag', () => {
    const ops = operations()
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
      'DELETE /v1/responses/{id}', 'GET /health', 'GET /health/ready', 'GET /health/upstream', 'GET /metrics', 'GET /v1/models', 'GET /v1/models/{model}',
      'GET /v1/responses/{id}', 'GET /v1/responses/{id}/input_items', 'POST /v1/chat/completions', 'POST /v1/completions',
      'POST /v1/messages', 'POST /v1/messages/count_tokens', 'POST /v1/responses',
      'GET /v1beta/models', 'GET /v1beta/models/{model}', 'POST /v1beta/models/{model}:countTokens',
      'POST /v1/images/generations', 'POST /v1/images/edits', 'POST /v1/audio/speech', 'POST /v1/audio/transcriptions', 'POST /v1/audio/translations',
      'POST /v1beta/models/{model}:generateContent', 'POST /v1beta/models/{model}:streamGenerateContent',
    ].sort())
    for (const { op } of ops) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op.summary.length).toBeGreaterThan(3)
      expect(op.description.length).toBeGreaterThan(20)
      expect(op.tags.length).toBe(1)
      for (const response of Object.values(op.responses) as any[]) expect(response.description.length).toBeGreaterThan(3)
    }
  })

  test('chat completions: JSON and event-stream answers, and every error status with the Error schema', () => {
    const op = doc.paths['/v1/chat/completions'].post
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ChatCompletionRequest')
    expect(op.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/ChatCompletion')
    expect(op.responses[200].content['text/event-stream'].schema.$ref).toBe('#/components/schemas/ChatCompletionChunk')
    expect(op.responses[200].content['text/event-stream'].example).toContain('data: [DONE]')
    for (const status of ['400', '401', '402', '404', '429', '502']) {
      expect(op.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error')
    }
    expect(op.responses[429].headers['Retry-After']).toBeDefined()
  })

  test('named component schemas, composed by $ref', () => {
    const schemas = doc.components.schemas
    for (const name of ['ChatCompletionRequest', 'ChatMessage', 'ContentPart', 'TextPart', 'ImagePart', 'Tool', 'ToolCall', 'ChatCompletion', 'ChatCompletionChunk', 'Usage', 'Model', 'ModelList', 'Error']) {
      expect(schemas[name]).toBeDefined()
    }
    expect(schemas.ChatCompletionRequest.properties.messages.items.$ref).toBe('#/components/schemas/ChatMessage')
    expect(schemas.ChatCompletionRequest.properties.tools.items.$ref).toBe('#/components/schemas/Tool')
    expect(schemas.ChatCompletion.properties.usage.$ref).toBe('#/components/schemas/Usage')
    expect(schemas.ModelList.properties.data.items.$ref).toBe('#/components/schemas/Model')
  })

  test('the model in the examples is in the bundled catalogue', () => {
    for (const example of doc.components.schemas.ChatCompletionRequest.examples) {
      expect(SNAPSHOT.models.some((m) => m.id === example.model)).toBe(true)
    }
  })

  test('models and health need no API key; chat does', () => {
    expect(doc.paths['/v1/models'].get.security).toEqual([])
    expect(doc.paths['/health'].get.security).toEqual([])
    expect(doc.paths['/v1/chat/completions'].post.security).toBeUndefined()
    expect(doc.security).toEqual([{ bearer: [] }, { apiKey: [] }, { googApiKey: [] }])
  })
})

describe('the document describes what the server really accepts', () => {
  test('every operation\'s request-body examples succeed through the real route', async () => {
    let sent = 0
    for (const { path, method, op } of operations()) {
      const examples = op.requestBody?.content?.['application/json']?.examples ?? {}
      for (const { value } of Object.values(examples) as { value: any }[]) {
        // Path parameters take their documented example.
        const url = path.replace(/\{(\w+)\}/g, (_, name) => op.parameters?.find((p: any) => p.name === name)?.example ?? name)
        const res = await fetch(`${h.base}${url}`, {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json', authorization: 'Bearer tok-valid-0123456789abcdef' },
          body: JSON.stringify(value),
        })
        expect(`${path} ${res.status}`).toBe(`${path} 200`)
        await res.arrayBuffer()
        sent++
      }
    }
    expect(sent).toBeGreaterThanOrEqual(7)
  })

  test('each documented request example succeeds through the real route', async () => {
    const examples = doc.components.schemas.ChatCompletionRequest.examples
    expect(examples.length).toBeGreaterThanOrEqual(2)
    for (const example of examples) {
      const res = await h.post('/v1/chat/completions', example)
      expect(res.status).toBe(200)
      if (example.stream) expect((await readSse(res)).data.at(-1)).toBe('[DONE]')
      else expect((await json(res)).object).toBe('chat.completion')
    }
  })

  const rejected: [string, unknown][] = [
    ['no model', { messages: [{ role: 'user', content: 'x' }] }],
    ['a message without role', { model: 'gpt-5-nano', messages: [{ content: 'x' }] }],
    ['a content part of unknown type', { model: 'gpt-5-nano', messages: [{ role: 'user', content: [{ type: 'hologram' }] }] }],
    ['a tool call without id', { model: 'gpt-5-nano', messages: [{ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }] }],
    ['max_tokens of 0', { model: 'gpt-5-nano', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] }],
    ['stream as a string', { model: 'gpt-5-nano', stream: 'yes', messages: [{ role: 'user', content: 'x' }] }],
  ]
  for (const [name, body] of rejected) {
    test(`a body the schema rejects (${name}) gets the documented 400`, async () => {
      const res = await h.post('/v1/chat/completions', body)
      expect(res.status).toBe(400)
      expect(Object.keys(doc.paths['/v1/chat/completions'].post.responses)).toContain('400')
      const error = (await json(res)).error
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type'])
    })
  }

  test('the documented retrieve path works with a percent-encoded id, as generated clients send it', async () => {
    const res = await fetch(`${h.base}/v1/models/${encodeURIComponent('openrouter:anthropic/claude-3.5-sonnet')}`)
    expect(res.status).toBe(200)
  })
})

describe('Swagger UI', () => {
  test('the page references no external URL and its assets are served by the app', async () => {
    const page = await (await fetch(`${h.base}/swagger`)).text()
    expect(page).not.toMatch(/https?:\/\//)
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBe(2)
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${h.base}/swagger`))
      expect(res.status).toBe(200)
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000)
    }
  })
})
