/**
 * Tokens stay secret, server-side mode guards a shared Puter account, nothing
 * in a request can point the proxy at another host, and CORS and security
 * headers are as configured.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { FakePuter, ndjson, TOKENS } from './fake-puter.ts'
import { fixtureJson } from './fixtures.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

const hi = [{ role: 'user', content: 'hi' }]
let h: Harness | undefined
afterEach(() => {
  h?.stop()
  h = undefined
})

describe('tokens never leak', () => {
  test('across successes, errors, stream failures and timeouts: not in logs, not in response bodies', async () => {
    h = await startHarness({ STREAM_IDLE_TIMEOUT: '1', UPSTREAM_RETRIES: '0' })
    const secret = 'tok-secret-4f9c1b7e2a'
    const errors = fixtureJson('errors.json')
    h.fake.script('leak-mid', { stream: ndjson({ type: 'text', text: 'a' }, { type: 'error', message: 'boom' }) })
    h.fake.script('leak-402', { error: errors.insufficient_funds })
    h.fake.script('leak-429', { error: errors.too_many_requests })
    h.fake.script('leak-idle', { stream: [...ndjson({ type: 'text', text: 'a' }), { delayMs: 5_000 }] })
    const auth = { authorization: `Bearer ${secret}` }
    const bodies: string[] = []
    const requests: [unknown, Record<string, string>][] = [
      [{ model: 'gpt-5-nano', messages: hi }, auth],
      [{ model: 'gpt-5-nano', stream: true, messages: hi }, auth],
      [{ model: 'leak-mid', stream: true, messages: hi }, auth],
      [{ model: 'leak-402', messages: hi }, auth],
      [{ model: 'leak-429', messages: hi }, auth],
      [{ model: 'leak-idle', stream: true, messages: hi }, auth],
      [{ model: 'no-such-model', messages: hi }, auth],
      [{ model: 'gpt-5-nano', messages: [] }, auth],
      [{ model: 'gpt-5-nano', messages: hi }, { authorization: 'Bearer not-a-puter-token-secret' }],
      [{ model: 'gpt-5-nano', messages: hi }, { 'x-api-key': secret }],
    ]
    for (const [body, headers] of requests) bodies.push(await (await h.post('/v1/chat/completions', body, headers)).text())
    bodies.push(await (await fetch(`${h.base}/metrics`)).text())
    expect(h.logs.length).toBeGreaterThanOrEqual(requests.length)
    for (const text of [...h.logs, ...bodies]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain('not-a-puter-token-secret')
    }
  })
})

describe('server-side token mode', () => {
  test('clients present a proxy key; Puter gets the proxy\'s own token, never the client key', async () => {
    h = await startHarness({ PUTER_AUTH_TOKEN: TOKENS.valid, PROXY_API_KEYS: 'client-key-1,client-key-2' })
    const ok = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: 'Bearer client-key-2' })
    expect(ok.status).toBe(200)
    const sent = h.fake.requests.at(-1)!
    expect(sent.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
    expect(JSON.stringify(sent)).not.toContain('client-key-2')
  })

  test('a wrong or missing key is a 401 before any upstream call', async () => {
    h = await startHarness({ PUTER_AUTH_TOKEN: TOKENS.valid, PROXY_API_KEYS: 'client-key-1' })
    const wrong = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: 'Bearer client-key-10' })
    expect(wrong.status).toBe(401)
    expect((await json(wrong)).error.code).toBe('invalid_api_key')
    const none = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: '' })
    expect(none.status).toBe(401)
    expect((await json(none)).error.code).toBe('missing_api_key')
    // A client's own Puter token is not a proxy key either.
    const puterToken = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: `Bearer ${TOKENS.valid}` })
    expect(puterToken.status).toBe(401)
    expect(h.fake.calls).toHaveLength(0)
  })

  test('on loopback without client keys, every local client uses the proxy\'s token', async () => {
    h = await startHarness({ PUTER_AUTH_TOKEN: TOKENS.valid, HOST: '127.0.0.1' })
    const res = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: '' })
    expect(res.status).toBe(200)
    expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
  })
})

describe('the upstream is fixed by configuration', () => {
  test('no header or body field can send the call elsewhere, or change the driver envelope', async () => {
    h = await startHarness()
    const elsewhere = await new FakePuter().start().ready()
    try {
      const res = await h.post('/v1/chat/completions', {
        model: 'gpt-5-nano', messages: hi,
        puter_api_origin: elsewhere.origin, base_url: elsewhere.origin, api_base: elsewhere.origin,
        interface: 'puter-tts', driver: 'openai-tts', method: 'synthesize', auth_token: TOKENS.valid,
      }, { host: new URL(elsewhere.origin).host, 'x-forwarded-host': new URL(elsewhere.origin).host, 'x-puter-api-origin': elsewhere.origin })
      expect(res.status).toBe(200)
      expect(elsewhere.requests).toHaveLength(0)
      const call = h.fake.calls.at(-1)
      expect(call).toMatchObject({ interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete' })
      expect(call.args.auth_token).toBeUndefined()
    } finally {
      elsewhere.stop()
    }
  })
})

describe('CORS origins and security headers', () => {
  test('CORS_ORIGINS limits which origins may read answers', async () => {
    h = await startHarness({ CORS_ORIGINS: 'https://chat.example' })
    const allowed = await fetch(`${h.base}/v1/models`, { headers: { origin: 'https://chat.example' } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://chat.example')
    const other = await fetch(`${h.base}/v1/models`, { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('API answers carry security headers, streams and errors included; the docs page keeps what it needs', async () => {
    h = await startHarness()
    const answers = [
      await fetch(`${h.base}/v1/models`),
      await h.post('/v1/chat/completions', { model: 'gpt-5-nano' }),
      await h.post('/v1/chat/completions', { model: 'gpt-5-nano', stream: true, messages: hi }),
    ]
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      await res.arrayBuffer()
    }
    const docs = await fetch(`${h.base}/swagger`)
    expect(docs.headers.get('content-security-policy')).toBeNull()
    expect(docs.status).toBe(200)
  })
})

describe('request ids', () => {
  test('a client x-request-id is echoed; otherwise one is generated; both reach the log line', async () => {
    h = await startHarness()
    const given = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { 'x-request-id': 'client-req-42' })
    expect(given.headers.get('x-request-id')).toBe('client-req-42')
    const made = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi })
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const junk = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { 'x-request-id': 'bad id\twith spaces' })
    expect(junk.headers.get('x-request-id')).not.toContain(' ')
    await Bun.sleep(20)
    const ids = h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request').map((l) => l.id)
    expect(ids).toContain('client-req-42')
    expect(ids).toContain(made.headers.get('x-request-id'))
    await readSse(await h.post('/v1/chat/completions', { model: 'gpt-5-nano', stream: true, messages: hi }))
  })
})
