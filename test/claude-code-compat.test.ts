/**
 * What current Claude Code and the current Anthropic SDK send is accepted, and
 * errors tell SDKs whether a retry can help: recorded Claude Code requests
 * replayed, a request with every field current clients send, `x-should-retry`
 * on both surfaces, the token estimate, model aliases.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { countInputTokens, estimateByLength } from '../src/anthropic/tokens.ts'
import { TOKENS } from './fake-puter.ts'
import { json, readSse, startHarness, type Harness } from './harness.ts'

/** Claude Code 2.1.332's requests of one print-mode turn with a Bash call (`claude -p`, paths neutralised). */
const recorded: { path: string; 'anthropic-beta': string; body: any }[] = readFileSync(join(import.meta.dir, 'fixtures/claude-code/print-mode-tool-turn.jsonl'), 'utf8')
  .trim().split('\n').map((line) => JSON.parse(line))

let h: Harness
beforeAll(async () => {
  h = await startHarness({ MODEL_ALIASES: 'claude-opus-5-5=claude-opus-5', UPSTREAM_RETRIES: '0' })
})
afterAll(() => h.stop())

describe('recorded Claude Code traffic', () => {
  test('every recorded request is answered with a stream, and its system turns reach Puter', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(2)
    for (const { path, body, ...headers } of recorded) {
      expect(body.messages.some((m: any) => m.role === 'system')).toBe(true)
      const res = await h.post(path, body, { 'anthropic-beta': headers['anthropic-beta'], 'anthropic-version': '2023-06-01' })
      expect(res.status).toBe(200)
      const events = (await res.text()).split('\n').filter((l) => l.startsWith('event: ')).map((l) => l.slice(7))
      expect(events[0]).toBe('message_start')
      expect(events.at(-1)).toBe('message_stop')
      const sent = h.fake.calls.at(-1).args
      expect(sent.model).toBe('claude-opus-5')
      expect(sent.messages.filter((m: any) => m.role === 'system')).toHaveLength(1)
      expect(JSON.stringify(sent.messages)).toContain('Primary working directory')
      expect(sent.reasoning_effort).toBe('medium')
    }
  })

  test('the estimate sent before the tokenizer is loaded is within 25 % of the count', async () => {
    for (const { body } of recorded) {
      const counted = await countInputTokens(body)
      const estimate = estimateByLength(body)
      expect(Math.abs(estimate - counted) / counted).toBeLessThan(0.25)
    }
  })

  test('once the tokenizer is loaded, message_start carries the same count as count_tokens', async () => {
    const { body } = recorded[0]!
    const counted = await json(await h.post('/v1/messages/count_tokens', { model: body.model, system: body.system, messages: body.messages, tools: body.tools }))
    const { raw } = await readSseRaw(await h.post('/v1/messages', body))
    const start = JSON.parse(raw.split('\n').find((l) => l.startsWith('data: {"type":"message_start"'))!.slice(6))
    expect(start.message.usage.input_tokens).toBe(counted.input_tokens)
  })
})

async function readSseRaw(res: Response) {
  expect(res.status).toBe(200)
  return { raw: await res.text() }
}

describe('fields current Anthropic clients send', () => {
  const cache = { cache_control: { type: 'ephemeral', ttl: '1h' } }
  const request = {
    model: 'claude-opus-5-5',
    max_tokens: 64000,
    stream: false,
    system: [{ type: 'text', text: 'You are an agent.', ...cache }, { type: 'text', text: 'More rules.', citations: null }],
    messages: [
      { role: 'user', content: [
        { type: 'text', text: 'Look at this.', ...cache },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' }, ...cache },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' }, title: 'n', context: 'c', citations: { enabled: true }, ...cache },
        { type: 'search_result', source: 'https://example.test', title: 'A result', content: [{ type: 'text', text: 'found it' }], ...cache },
        { type: 'container_upload', file_id: 'file_1' },
      ] },
      { role: 'assistant', content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.test', title: 't', encrypted_content: 'e' }] },
        { type: 'text', text: 'Calling a tool.', citations: [] },
        { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' }, ...cache, caller: { type: 'direct' } },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'file text' }, { type: 'tool_reference', tool_name: 'Read' }], is_error: false, ...cache },
      ] },
      { role: 'system', content: 'Mid-conversation reminder.' },
    ],
    tools: [
      { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, strict: true, defer_loading: false, input_examples: [{ path: 'a' }], eager_input_streaming: true, ...cache },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
    ],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    thinking: { type: 'adaptive', display: 'omitted' },
    output_config: { effort: 'high', format: null },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }, { type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 100000 } }] },
    container: { id: null, skills: [] },
    mcp_servers: [{ type: 'url', url: 'https://mcp.example.test', name: 'm' }],
    metadata: { user_id: 'u' },
    service_tier: 'auto',
    inference_geo: 'us',
    top_k: 5,
    stop_sequences: ['\n\nHuman:'],
  }

  for (const model of ['claude-opus-5-5', 'gpt-5-nano']) {
    test(`a request with all of them gets a 200 (${model}); what cannot be honoured is left out`, async () => {
      const res = await h.post('/v1/messages', { ...request, model }, { 'anthropic-version': '2023-06-01' })
      expect(res.status).toBe(200)
      expect((await json(res)).type).toBe('message')
      const sent = h.fake.calls.at(-1).args
      const text = JSON.stringify(sent.messages)
      expect(text).toContain('Mid-conversation reminder.')
      expect(text).toContain('found it')
      expect(text).not.toContain('srvtoolu_1')
      expect(sent.reasoning_effort).toBe('high')
      // Prompt-cache breakpoints stay on text blocks for Claude, whose provider reads them.
      const first = sent.messages.find((m: any) => m.role === 'user').content[0]
      expect(first.cache_control).toEqual(model === 'gpt-5-nano' ? undefined : { type: 'ephemeral', ttl: '1h' })
      // Server tools run at Anthropic: offered to Claude models only.
      expect(sent.tools.map((t: any) => t.function?.name ?? t.name)).toEqual(model === 'gpt-5-nano' ? ['Read'] : ['Read', 'web_search', 'tool_search_tool_regex'])
    })
  }

  test('a malformed known block is still a 400 naming the field', async () => {
    const res = await h.post('/v1/messages', { model: 'gpt-5-nano', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text' }] }] })
    expect(res.status).toBe(400)
    expect((await json(res)).error.message).toContain('`messages[0].content`')
  })
})

describe('x-should-retry', () => {
  const anthropic = (model: string, token = TOKENS.valid) => h.post('/v1/messages', { model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${token}` })
  const openai = (model: string, token = TOKENS.valid) => h.post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${token}` })

  for (const [surface, send] of Object.entries({ anthropic, openai })) {
    test(`${surface}: false where a retry cannot help, true where waiting can`, async () => {
      h.fake.script('limited', { error: { status: 429, body: { error: 'Too many requests.', message: 'Too many requests.', code: 'too_many_requests' } } })
      h.fake.script('broken', { error: { status: 500, body: { error: 'boom', message: 'boom', code: 'internal_error' } } })
      const cases: [Response, number, string][] = [
        [await send('gpt-5-nano', 'not-a-puter-token-secret'), 401, 'false'],
        [await send('no-such-model'), 404, 'false'],
        [await h.post(surface === 'openai' ? '/v1/chat/completions' : '/v1/messages', { model: 5 }), 400, 'false'],
        [await send('limited'), 429, 'true'],
        [await send('broken'), 502, 'true'],
      ]
      for (const [res, status, retry] of cases) {
        expect(res.status).toBe(status)
        expect(res.headers.get('x-should-retry')).toBe(retry)
      }
      expect(cases[3]![0].headers.get('retry-after')).not.toBeNull()
    })
  }
})

describe('model aliases', () => {
  test('MODEL_ALIASES and the x-model-aliases header choose the model Puter is asked for; the answer and the log line name it', async () => {
    const viaConfig = await json(await h.post('/v1/messages', { model: 'claude-opus-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }))
    expect(viaConfig.model).toBe('claude-opus-5')
    expect(h.fake.calls.at(-1).args.model).toBe('claude-opus-5')
    const viaHeader = await json(await h.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'x-model-aliases': 'gpt-4o=gpt-5-nano' }))
    expect(viaHeader.model).toBe('gpt-5-nano')
    expect(h.fake.calls.at(-1).args.model).toBe('gpt-5-nano')
    await Bun.sleep(20) // the log line is written once the answer has gone out
    expect(h.logs.some((l) => l.includes('"route":"/v1/chat/completions"') && l.includes('"model":"gpt-5-nano"'))).toBe(true)
    const bad = await h.post('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { 'x-model-aliases': 'gpt-4o' })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.param).toBe('x-model-aliases')
  })
})
