/**
 * /v1/chat/completions end to end: HTTP client → proxy → fake Puter on 127.0.0.1.
 * Asserts both what the client gets and what the proxy sent to Puter.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ndjson, TOKENS } from './fake-puter.ts'
import { fixtureJson, fixtureText } from './fixtures.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.stop())

const hi = [{ role: 'user', content: 'hi' }]
const errors = fixtureJson('errors.json')
const expectErrorShape = (body: any) => expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type'])

describe('the call to Puter', () => {
  test('is a driver call with the token only in the Authorization header, and forwards the request fields', async () => {
    const res = await h.post('/v1/chat/completions', {
      model: 'gpt-5-nano', messages: [{ role: 'developer', content: 'terse' }, ...hi], temperature: 0.3, max_completion_tokens: 50,
      provider: 'openai-completion', auth_token: 'attacker-token', reasoning_effort: 'low',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {}, 'x-extra': true } } }],
    })
    expect(res.status).toBe(200)
    const sent = h.fake.requests.at(-1)!
    expect(sent.path).toBe('/drivers/call')
    expect(sent.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
    expect(sent.headers['content-type']).toBe('application/json')
    expect(sent.body).toEqual({
      interface: 'puter-chat-completion', driver: 'ai-chat', method: 'complete',
      args: {
        model: 'gpt-5-nano', messages: [{ role: 'system', content: 'terse' }, { role: 'user', content: 'hi' }], stream: false,
        temperature: 0.3, max_tokens: 50, provider: 'openai-completion', reasoning_effort: 'low',
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {}, 'x-extra': true } } }],
      },
    })
    expect(JSON.stringify(sent.body)).not.toContain('attacker-token')
  })

  test('accepts the token from x-api-key too', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: '', 'x-api-key': TOKENS.valid })
    expect(res.status).toBe(200)
    expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
  })

  test('x-message-mode picks the message mode per request', async () => {
    await h.post('/v1/chat/completions', {
      model: 'gpt-5-nano', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }],
    }, { 'x-message-mode': 'full' })
    expect(h.fake.calls.at(-1).args.messages).toEqual([{ role: 'user', content: '[user] a\n\n[user] b' }])
    const bad = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { 'x-message-mode': 'fancy' })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.param).toBe('x-message-mode')
  })

  test('is also served without the /v1 prefix', async () => {
    const res = await h.post('/chat/completions', { model: 'gpt-5-nano', messages: hi })
    expect(res.status).toBe(200)
    expect((await json(res)).object).toBe('chat.completion')
  })
})

describe('non-stream answers', () => {
  test('a chat.completion with Puter\'s provider and model in headers', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hello' }] })
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('x-puter-provider')).toBe('claude')
    const body = await json(res)
    expect(body).toMatchObject({ object: 'chat.completion', model: 'claude-sonnet-4-5', choices: [{ message: { role: 'assistant', content: 'Echo: hello' }, finish_reason: 'stop' }] })
    expect(body.id).toMatch(/^chatcmpl-/)
  })

  test('Claude tool use comes back as tool_calls with finish_reason tool_calls', async () => {
    h.fake.script('claude-tools', { result: fixtureJson('claude-tool-result.json') })
    const body = await json(await h.post('/v1/chat/completions', { model: 'claude-tools', messages: hi }))
    expect(body.choices[0].finish_reason).toBe('tool_calls')
    expect(body.choices[0].message.tool_calls[0].function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' })
    expect(body.choices[0].message.reasoning_content).toBe('The user wants the weather.')
  })

  test('an NDJSON answer to a non-stream request is folded into one completion', async () => {
    h.fake.script('streams-anyway', { alwaysStream: true, stream: ndjson({ type: 'text', text: 'a' }, { type: 'text', text: 'b' }, { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2 } }) })
    const body = await json(await h.post('/v1/chat/completions', { model: 'streams-anyway', messages: hi }))
    expect(body.choices[0].message.content).toBe('ab')
    expect(body.usage.total_tokens).toBe(3)
  })

  test('an NDJSON error line on a non-stream request is a real HTTP error', async () => {
    h.fake.script('streams-error', { alwaysStream: true, stream: [fixtureText('mid-stream-error.ndjson')] })
    const res = await h.post('/v1/chat/completions', { model: 'streams-error', messages: hi })
    expect(res.status).toBe(502)
    const body = await json(res)
    expectErrorShape(body)
    expect(body.error.message).toContain('upstream connection reset by provider')
  })
})

describe('streams', () => {
  test('headers and an SSE comment arrive before the first token, while the model is still thinking', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    h.fake.script('thinker', { stream: [{ wait: gate }, ...ndjson({ type: 'text', text: 'done' }, { type: 'usage' })] })
    const res = await h.post('/v1/chat/completions', { model: 'thinker', stream: true, messages: hi })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first.startsWith(': ok\n\n')).toBe(true)
    expect(first).not.toContain('done') // the fake has not sent a token yet
    release()
    let rest = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value)
    expect(rest).toContain('"content":"done"')
    expect(rest.endsWith('data: [DONE]\n\n')).toBe(true)
  })

  test('role first, tool calls with indexes, finish_reason last, usage only when asked, then [DONE]', async () => {
    h.fake.script('tooler', { stream: [fixtureText('openai-reasoning-tool-stream.ndjson')] })
    const { data } = await readSse(await h.post('/v1/chat/completions', { model: 'tooler', stream: true, stream_options: { include_usage: true }, messages: hi }))
    expect(data.at(-1)).toBe('[DONE]')
    const chunks = data.slice(0, -1)
    expect(chunks[0].choices[0].delta.role).toBe('assistant')
    const calls = chunks.flatMap((c: any) => c.choices[0]?.delta.tool_calls ?? [])
    expect(calls.map((c: any) => c.index)).toEqual([0, 1])
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls')
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 61, completion_tokens: 23, total_tokens: 84 } })
    expect(new Set(chunks.map((c: any) => c.id)).size).toBe(1)
  })

  test('text split inside multi-byte characters at every byte arrives intact', async () => {
    const text = 'Grüße 👋 from 東京!'
    const bytes = new TextEncoder().encode(ndjson({ type: 'text', text }, { type: 'usage' }).join(''))
    // One byte per read, each its own TCP write.
    h.fake.script('bytes', { stream: [...bytes].flatMap((b) => [Uint8Array.of(b), { delayMs: 0 }]) })
    const { data } = await readSse(await h.post('/v1/chat/completions', { model: 'bytes', stream: true, messages: hi }))
    const content = data.slice(0, -1).map((c: any) => c.choices[0]?.delta.content ?? '').join('')
    expect(content).toBe(text)
  })

  const failures: [string, any[], string][] = [
    ['an error line after some text', [fixtureText('mid-stream-error.ndjson')], 'upstream connection reset by provider'],
    ['a 200 whose only line is an error (how Claude streams fail)', [fixtureText('claude-error-only.ndjson')], 'rate limit'],
    ['a connection reset mid-stream', [...ndjson({ type: 'text', text: 'Half' }), { delayMs: 10 }, { cut: true }], 'broke off'],
    ['a garbage line', [...ndjson({ type: 'text', text: 'Half' }), '<html>502</html>\n'], 'not JSON'],
    ['an end without the usage line', ndjson({ type: 'text', text: 'Half' }), 'before it was complete'],
    ['a last line cut in the middle', [...ndjson({ type: 'text', text: 'Half' }), '{"type":"text","te'], 'not JSON'],
  ]
  for (const [name, stream, message] of failures) {
    test(`${name}: delivered text, then an error frame, then [DONE]`, async () => {
      const model = `fail-${name}`
      h.fake.script(model, { stream })
      const res = await h.post('/v1/chat/completions', { model, stream: true, messages: hi })
      expect(res.status).toBe(200)
      const { data } = await readSse(res)
      expect(data.at(-1)).toBe('[DONE]')
      const error = data.at(-2)
      expectErrorShape(error)
      expect(error.error.message).toContain(message)
      expect(data.some((c: any) => c.choices?.[0]?.finish_reason)).toBe(false) // never a stop that hides the failure
    })
  }

  test('a JSON answer to a stream request is replayed as chunks', async () => {
    h.fake.script('json-only', { result: fixtureJson('openai-tool-result.json') })
    const { data } = await readSse(await h.post('/v1/chat/completions', { model: 'json-only', stream: true, messages: hi }))
    const calls = data.slice(0, -1).flatMap((c: any) => c.choices[0]?.delta.tool_calls ?? [])
    expect(calls.map((c: any) => c.id)).toEqual(['call_abc', 'call_def'])
    expect(data.at(-2).choices[0].finish_reason).toBe('tool_calls')
  })

  test('errors Puter reports with a status stay real HTTP errors on stream requests', async () => {
    h.fake.script('broke-402', { error: errors.insufficient_funds })
    const res = await h.post('/v1/chat/completions', { model: 'broke-402', stream: true, messages: hi })
    expect(res.status).toBe(402)
    expect((await json(res)).error.code).toBe('insufficient_quota')
  })
})

describe('errors', () => {
  test('no token: 401 before any upstream call', async () => {
    const before = h.fake.requests.length
    const res = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: '' })
    expect(res.status).toBe(401)
    const body = await json(res)
    expectErrorShape(body)
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'missing_api_key' })
    expect(h.fake.requests.length).toBe(before)
  })

  test('a token Puter rejects: 401 invalid_api_key, and the token is not echoed', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi }, { authorization: 'Bearer not-a-puter-token-xyz' })
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('invalid_api_key')
    expect(text).not.toContain('not-a-puter-token-xyz')
  })

  const scripted: [string, string, number, string][] = [
    ['scoped token', 'forbidden', 403, 'forbidden'],
    ['no credit', 'insufficient_funds', 402, 'insufficient_quota'],
    ['rate limit', 'too_many_requests', 429, 'rate_limit_exceeded'],
    ['every provider down', 'upstream_provider_unavailable', 502, 'upstream_unavailable'],
    ['Puter 500', 'internal', 502, 'upstream_unavailable'],
  ]
  for (const [name, fixture, status, code] of scripted) {
    test(`${name}: ${status} ${code}`, async () => {
      h.fake.script(`err-${fixture}`, { error: errors[fixture] })
      const res = await h.post('/v1/chat/completions', { model: `err-${fixture}`, messages: hi })
      expect(res.status).toBe(status)
      const body = await json(res)
      expectErrorShape(body)
      expect(body.error.code).toBe(code)
      if (status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    })
  }

  test('unknown model: 404 model_not_found naming the model', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'gpt-17-ultra', messages: hi })
    expect(res.status).toBe(404)
    const body = await json(res)
    expect(body.error).toMatchObject({ code: 'model_not_found', param: 'model' })
    expect(body.error.message).toContain('gpt-17-ultra')
  })

  const invalid: [string, unknown, string | null][] = [
    ['messages missing', { model: 'gpt-5-nano' }, 'messages'],
    ['messages empty', { model: 'gpt-5-nano', messages: [] }, 'messages'],
    ['unknown role', { model: 'gpt-5-nano', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    ['model not a string', { model: 5, messages: hi }, 'model'],
    ['temperature out of range', { model: 'gpt-5-nano', messages: hi, temperature: 9 }, 'temperature'],
    ['n > 1', { model: 'gpt-5-nano', messages: hi, n: 2 }, 'n'],
    ['a body that is not an object', [1, 2], null],
  ]
  for (const [name, body, param] of invalid) {
    test(`invalid request (${name}): 400 naming the field`, async () => {
      const res = await h.post('/v1/chat/completions', body)
      expect(res.status).toBe(400)
      const answer = await json(res)
      expectErrorShape(answer)
      expect(answer.error.type).toBe('invalid_request_error')
      if (param) expect(answer.error.param).toBe(param)
    })
  }

  test('invalid JSON: 400 invalid_json', async () => {
    const res = await h.post('/v1/chat/completions', '{"model":')
    expect(res.status).toBe(400)
    expect((await json(res)).error.code).toBe('invalid_json')
  })

  test('Puter unreachable: 503', async () => {
    const down = await startHarness({ PUTER_API_ORIGIN: 'http://127.0.0.1:1' })
    try {
      const res = await down.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi })
      expect(res.status).toBe(503)
      expect((await json(res)).error).toMatchObject({ type: 'api_error', code: 'upstream_unavailable' })
    } finally {
      down.stop()
    }
  })
})

describe('client disconnects', () => {
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await Bun.sleep(20)
    return check()
  }

  test('mid-stream: the proxy cancels its upstream stream', async () => {
    h.fake.script('endless', { stream: [...ndjson({ type: 'text', text: 'tick' }), { delayMs: 30_000 }, ...ndjson({ type: 'usage' })] })
    const abort = new AbortController()
    const res = await h.post('/v1/chat/completions', { model: 'endless', stream: true, messages: hi }, {}, abort.signal)
    const reader = res.body!.getReader()
    let seen = ''
    while (!seen.includes('tick')) seen += new TextDecoder().decode((await reader.read()).value)
    abort.abort()
    expect(await waitFor(() => h.fake.abortedStreams.includes('endless') || h.fake.abortedRequests.includes('endless'))).toBe(true)
  })

  test('while Puter is still thinking on a non-stream request: the upstream request is aborted', async () => {
    h.fake.script('slowpoke', { headersDelayMs: 30_000, result: { message: { content: 'late' } } })
    const abort = new AbortController()
    const pending = h.post('/v1/chat/completions', { model: 'slowpoke', messages: hi }, {}, abort.signal).catch(() => undefined)
    expect(await waitFor(() => h.fake.calls.some((c) => c.args.model === 'slowpoke'))).toBe(true)
    abort.abort()
    await pending
    expect(await waitFor(() => h.fake.abortedRequests.includes('slowpoke'))).toBe(true)
  })
})

describe('heartbeats', () => {
  test('a quiet stream carries `: ping` comments and still completes', async () => {
    const hb = await startHarness({ HEARTBEAT_INTERVAL: '1' })
    try {
      hb.fake.script('quiet', { stream: [{ delayMs: 2_600 }, ...ndjson({ type: 'text', text: 'finally' }, { type: 'usage' })] })
      const { data, comments } = await readSse(await hb.post('/v1/chat/completions', { model: 'quiet', stream: true, messages: hi }))
      expect(comments[0]).toBe(': ok')
      expect(comments.filter((c) => c === ': ping').length).toBeGreaterThanOrEqual(1)
      expect(data.at(-1)).toBe('[DONE]')
      expect(data.some((c: any) => c.choices?.[0]?.delta.content === 'finally')).toBe(true)
    } finally {
      hb.stop()
    }
  })
})
