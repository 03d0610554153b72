/** One structured log line per request, upstream health, and Prometheus metrics. */
import { afterEach, describe, expect, test } from 'bun:test'
import { ndjson } from './fake-puter.ts'
import { fixtureJson } from './fixtures.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

const hi = [{ role: 'user', content: 'hi' }]
let h: Harness | undefined
afterEach(() => {
  h?.stop()
  h = undefined
})

const requestLines = (harness: Harness) => harness.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request')
const settle = () => Bun.sleep(30)

describe('log lines', () => {
  test('a non-stream request: route, model, status, upstream status, timings and tokens', async () => {
    h = await startHarness()
    await h.post('/v1/chat/completions', { model: 'claude-sonnet-4-5', messages: hi })
    await settle()
    const [line] = requestLines(h)
    expect(line).toMatchObject({
      level: 'info', method: 'POST', route: '/v1/chat/completions', model: 'claude-sonnet-4-5', stream: false,
      status: 200, upstreamStatus: 200, promptTokens: 12,
    })
    expect(line.completionTokens).toBeGreaterThan(0)
    expect(line.duration_ms).toBeGreaterThanOrEqual(0)
    expect(line.upstreamMs).toBeGreaterThanOrEqual(0)
    expect(typeof line.time).toBe('string')
  })

  test('a stream is logged once, when it ends, with time to first token and tokens', async () => {
    h = await startHarness()
    h.fake.script('slow-tokens', { stream: [{ delayMs: 30 }, ...ndjson({ type: 'text', text: 'hi' }, { type: 'usage', usage: { prompt_tokens: 7, completion_tokens: 1 } })] })
    await readSse(await h.post('/v1/chat/completions', { model: 'slow-tokens', stream: true, messages: hi }))
    await settle()
    const lines = requestLines(h)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ stream: true, status: 200, promptTokens: 7, completionTokens: 1 })
    expect(lines[0].firstTokenMs).toBeGreaterThan(0)
  })

  test('errors the framework raises (unknown route, invalid body) are logged and counted with the status the client got', async () => {
    h = await startHarness()
    const missing = await fetch(`${h.base}/no-such-route`)
    const invalid = await h.post('/v1/chat/completions', { model: 'm' })
    expect([missing.status, invalid.status]).toEqual([404, 400])
    await settle()
    expect(requestLines(h).map((l) => [l.status, l.errorCode])).toEqual([[404, 'not_found'], [400, 'invalid_request_body']])
    // An unmatched path is in its line (not in metric labels); a matched route's line has only the template.
    expect(requestLines(h).map((l) => l.path)).toEqual(['/no-such-route', undefined])
    const metrics = await (await fetch(`${h.base}/metrics`)).text()
    expect(metrics).toMatch(/puter_proxy_requests_total\{route="other",status="404"\} 1/)
    expect(metrics).toMatch(/puter_proxy_requests_total\{route="\/v1\/chat\/completions",status="400"\} 1/)
  })

  test('every surface\'s routes have their own label, none falls into "other"', async () => {
    h = await startHarness()
    await h.post('/v1/messages', { model: 'gpt-5-nano', max_tokens: 5, messages: hi })
    await h.post('/v1/messages/count_tokens', { model: 'gpt-5-nano', messages: hi })
    await h.post('/v1/responses', { model: 'gpt-5-nano', input: 'x' })
    await h.post('/v1/completions', { model: 'gpt-5-nano', prompt: 'x' })
    await h.post('/v1beta/models/gpt-5-nano:generateContent', { contents: [{ parts: [{ text: 'x' }] }] })
    await h.post('/chat/completions', { model: 'gpt-5-nano', messages: hi })
    await fetch(`${h.base}/v1/models/openrouter:anthropic/claude-3.5-sonnet`)
    await h.post('/v1/images/generations', { prompt: 'x' })
    await settle()
    // Labels are the mounted routes' templates (read from the app, not from a list); `/v1`-less aliases count with `/v1`.
    expect(requestLines(h).map((l) => l.route)).toEqual(['/v1/messages', '/v1/messages/count_tokens', '/v1/responses', '/v1/completions', '/v1beta/models/{model}:generateContent', '/v1/chat/completions', '/v1/models/{model}', '/v1/images/generations'])
  })

  test('a Puter error: its status and code are in the line', async () => {
    h = await startHarness()
    h.fake.script('no-credit', { error: fixtureJson('errors.json').insufficient_funds })
    await h.post('/v1/chat/completions', { model: 'no-credit', messages: hi })
    await settle()
    expect(requestLines(h)[0]).toMatchObject({ status: 402, upstreamStatus: 402, upstreamCode: 'insufficient_funds', errorCode: 'insufficient_quota' })
  })

  test('LOG_LEVEL=warn keeps request lines out', async () => {
    h = await startHarness({ LOG_LEVEL: 'warn' })
    await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi })
    await settle()
    expect(requestLines(h)).toHaveLength(0)
  })
})

describe('GET /health/upstream', () => {
  test('ok with a latency when Puter answers, and spends no credit', async () => {
    h = await startHarness()
    const res = await fetch(`${h.base}/health/upstream`)
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ status: 'ok', upstream: h.fake.origin })
    expect(h.fake.requests.map((r) => r.path)).toEqual(['/puterai/chat/models'])
  })

  test('503 when Puter cannot be reached, while /health stays 200', async () => {
    h = await startHarness({ PUTER_API_ORIGIN: 'http://127.0.0.1:1' })
    const res = await fetch(`${h.base}/health/upstream`)
    expect(res.status).toBe(503)
    expect((await json(res)).status).toBe('unavailable')
    expect((await fetch(`${h.base}/health`)).status).toBe(200)
  })
})

describe('GET /metrics', () => {
  test('requests by route and status, latencies, open streams, queue depth and limiter rejections', async () => {
    h = await startHarness({ MAX_CONCURRENT_PER_TOKEN: '1', QUEUE_MAX_PER_TOKEN: '0' })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    h.fake.script('open', { stream: [...ndjson({ type: 'text', text: 'x' }), { wait: gate }, ...ndjson({ type: 'usage' })] })
    const open = await h.post('/v1/chat/completions', { model: 'open', stream: true, messages: hi })
    const reader = open.body!.getReader()
    await reader.read()
    const rejected = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: hi })
    expect(rejected.status).toBe(429)
    await Bun.sleep(20)

    const during = await (await fetch(`${h.base}/metrics`)).text()
    expect(during).toContain('puter_proxy_active_streams 1')
    expect(during).toContain('puter_proxy_queue_depth 0')
    expect(during).toMatch(/puter_proxy_limiter_rejections_total\{reason="queue_full"\} 1/)
    expect(during).toMatch(/puter_proxy_requests_total\{route="\/v1\/chat\/completions",status="429"\} 1/)

    release()
    while (!(await reader.read()).done);
    await Bun.sleep(20)
    const after = await (await fetch(`${h.base}/metrics`)).text()
    expect(after).toContain('puter_proxy_active_streams 0')
    expect(after).toMatch(/puter_proxy_requests_total\{route="\/v1\/chat\/completions",status="200"\} 1/)
    expect(after).toMatch(/puter_proxy_time_to_first_token_seconds_count 1/)
    expect(after).toMatch(/puter_proxy_upstream_latency_seconds_count\{status="200"\} 1/)
    expect(after).toContain('puter_proxy_process_cpu_user_seconds_total')
  })
})
