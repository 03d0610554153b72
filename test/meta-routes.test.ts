/** Models, health, root, CORS and unknown routes, end to end. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import pkg from '../package.json'
import { json, startHarness, type Harness } from './harness.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.stop())

const get = (path: string, headers: Record<string, string> = {}) => fetch(h.base + path, { headers })

describe('GET /v1/models', () => {
  test('OpenAI list shape with Puter\'s metadata, hidden test models left out', async () => {
    const res = await get('/v1/models')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-catalogue-source')).toBe('live')
    const list = await json(res)
    expect(list.object).toBe('list')
    expect(list.source).toBe('live')
    const ids = list.data.map((m: any) => m.id)
    expect(ids).toEqual(['claude-opus-5', 'claude-sonnet-4-5-20250929', 'claude-sonnet-5', 'gemini-2.5-flash', 'gpt-5-nano-2025-08-07', 'openrouter:anthropic/claude-3.5-sonnet'])
    expect(list.data.find((m: any) => m.id === 'gpt-5-nano-2025-08-07')).toEqual({
      id: 'gpt-5-nano-2025-08-07', object: 'model', created: Date.UTC(2025, 7, 7) / 1000, owned_by: 'openai-completion',
      aliases: ['gpt-5-nano', 'openai/gpt-5-nano', 'openai:openai/gpt-5-nano'],
      context_length: 400000, max_output_tokens: 128000, input_modalities: ['text', 'image'], output_modalities: ['text'], supports_tools: true,
    })
  })

  test('is also served at /models', async () => {
    expect((await json(await get('/models'))).object).toBe('list')
  })

  test('serves the bundled snapshot, and says so, when Puter\'s catalogue cannot be reached', async () => {
    const down = await startHarness()
    down.fake.catalogueDown = true
    try {
      const res = await fetch(`${down.base}/v1/models`)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-catalogue-source')).toBe('snapshot')
      const list = await json(res)
      expect(list.source).toBe('snapshot')
      expect(list.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(list.data.length).toBeGreaterThan(50)
      expect(list.data.map((m: any) => m.id)).toContain('claude-sonnet-4-5-20250929')
    } finally {
      down.stop()
    }
  })
})

describe('GET /v1/models/{id}', () => {
  const cases: [string, string][] = [
    ['a raw id with : and /', '/v1/models/openrouter:anthropic/claude-3.5-sonnet'],
    ['the percent-encoded form the OpenAI SDK sends', '/v1/models/openrouter%3Aanthropic%2Fclaude-3.5-sonnet'],
    ['an alias, in any case', '/v1/models/Claude-3.5-Sonnet'],
  ]
  for (const [name, path] of cases) {
    test(name, async () => {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect((await json(res)).id).toBe('openrouter:anthropic/claude-3.5-sonnet')
    })
  }

  test('an unknown id is a 404 model_not_found', async () => {
    const res = await get('/v1/models/gpt-17-ultra')
    expect(res.status).toBe(404)
    expect((await json(res)).error).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' })
  })

  test('a hidden test model is not found', async () => {
    expect((await get('/v1/models/fake')).status).toBe(404)
  })
})

describe('service routes', () => {
  test('/health answers without calling Puter, even when Puter is unreachable', async () => {
    const down = await startHarness({ PUTER_API_ORIGIN: 'http://127.0.0.1:1' })
    try {
      const res = await fetch(`${down.base}/health`)
      expect(res.status).toBe(200)
      expect(await json(res)).toEqual({ status: 'ok', version: pkg.version })
      expect(down.fake.requests).toHaveLength(0)
    } finally {
      down.stop()
    }
  })

  test('/ and /v1 point to /swagger and the README, and list every documented route (read from the mounted routes)', async () => {
    const body = await json(await get('/'))
    expect(body).toMatchObject({ api: '/v1', docs: '/swagger', version: pkg.version })
    expect(body.readme).toContain('README')
    expect(body.endpoints).toEqual(expect.arrayContaining(['POST /v1/chat/completions', 'POST /v1/messages', 'POST /v1/responses', 'GET /v1beta/models', 'GET /health/ready']))
    expect(body.endpoints.some((e: string) => e.includes('/swagger'))).toBe(false)
    expect(await json(await get('/v1'))).toEqual(body)
  })

  test('/swagger/json is an OpenAPI document listing the routes', async () => {
    const doc = await json(await get('/swagger/json'))
    expect(doc.openapi).toMatch(/^3\.1/)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/models', '/health']))
    expect(doc.components.schemas.ChatCompletionRequest).toBeDefined()
  })

  test('/swagger serves the Swagger UI page, and /swagger/ redirects to it', async () => {
    const res = await get('/swagger')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('SwaggerUIBundle')
    const slash = await fetch(`${h.base}/swagger/`, { redirect: 'manual' })
    expect(slash.status).toBe(301)
    expect(new URL(slash.headers.get('location')!, h.base).pathname).toBe('/swagger')
  })

  test('an unknown route is an OpenAI-shaped 404', async () => {
    const res = await get('/v2/whatever')
    expect(res.status).toBe(404)
    expect((await json(res)).error).toMatchObject({ type: 'invalid_request_error', code: 'not_found' })
  })
})

describe('CORS', () => {
  test('preflight: 204 allowing Authorization, Content-Type, x-api-key and the SDK\'s x-stainless headers', async () => {
    const requested = 'authorization, content-type, x-api-key, x-stainless-os, x-stainless-lang, x-stainless-retry-count'
    const res = await fetch(`${h.base}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': requested },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase()
    for (const header of requested.split(', ')) expect(allowed).toContain(header)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
  })

  test('on successes, errors and streams alike', async () => {
    const origin = { origin: 'https://app.example' }
    const ok = await get('/v1/models', origin)
    const error = await h.post('/v1/chat/completions', { model: 'gpt-5-nano' }, origin)
    const stream = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', stream: true, messages: [{ role: 'user', content: 'x' }] }, origin)
    for (const res of [ok, error, stream]) expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(error.status).toBe(400)
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    await stream.text()
  })

  test('Retry-After is readable by browser clients', async () => {
    const res = await get('/health', { origin: 'https://app.example' })
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after')
  })
})
