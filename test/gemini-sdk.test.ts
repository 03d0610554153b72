/**
 * Google's `@google/genai` SDK against the proxy and the fake Puter:
 * generateContent, generateContentStream, a function-calling round trip with
 * functionResponse, countTokens, models.list and get, an inline image, both
 * API versions, Google-shaped errors (also mid-stream), and a key in the URL
 * that reaches no log line.
 */
import { ApiError, FunctionCallingConfigMode, GoogleGenAI, Type } from '@google/genai'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ndjson, TOKENS, type Scenario } from './fake-puter.ts'
import { fixtureText } from './fixtures.ts'
import { json, startHarness, type Harness } from './harness.ts'

let h: Harness
let ai: GoogleGenAI
beforeAll(async () => {
  h = await startHarness()
  ai = new GoogleGenAI({ apiKey: TOKENS.valid, httpOptions: { baseUrl: h.base, retryOptions: { attempts: 1 } } as never })
})
afterAll(() => h.stop())

const weather = { name: 'get_weather', description: 'Weather for a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING, nullable: true } }, required: ['city'] } }

function weatherModel(): (args: any) => Scenario {
  const usage = { prompt_tokens: 30, completion_tokens: 9, cached_tokens: 0 }
  return (args) => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) {
      const text = `Forecast: ${JSON.parse(result.content).forecast}`
      return { stream: ndjson({ type: 'text', text }, { type: 'usage', usage }), result: { message: { role: 'assistant', content: text }, usage } }
    }
    return { stream: ndjson({ type: 'reasoning', reasoning: 'Need weather.' }, { type: 'tool_use', id: 'call_gw', name: 'get_weather', input: { city: 'Paris' }, text: '' }, { type: 'usage', usage }) }
  }
}

describe('@google/genai', () => {
  test('generateContent: text, usage, finish reason; system instruction and config reach Puter', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: 'hello gemini',
      config: { systemInstruction: 'Be brief.', temperature: 0.3, maxOutputTokens: 64, stopSequences: ['END'], thinkingConfig: { thinkingBudget: 1024 } },
    })
    expect(res.text).toBe('Echo: hello gemini')
    expect(String(res.candidates?.[0]?.finishReason)).toBe('STOP')
    expect(res.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 3, totalTokenCount: 15 })
    const sent = h.fake.calls.at(-1).args
    expect(sent.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello gemini' }])
    expect(sent).toMatchObject({ temperature: 0.3, max_tokens: 64, stop: ['END'], reasoning_effort: 'low' })
    expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
  })

  test('generateContentStream arrives in pieces; the last chunk has the finish reason and usage', async () => {
    const usage = { input_tokens: 12, output_tokens: 4 }
    h.fake.script('paced-g', { stream: [...ndjson({ type: 'text', text: 'Echo: ' }), { delayMs: 20 }, ...ndjson({ type: 'text', text: 'stream this ' }), { delayMs: 20 }, ...ndjson({ type: 'text', text: 'please' }, { type: 'usage', usage })] })
    const stream = await ai.models.generateContentStream({ model: 'paced-g', contents: 'stream this please' })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.length).toBe(4) // three reads of Puter's stream, then the closing chunk
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('Echo: stream this please')
    expect(String(chunks.at(-1)!.candidates?.[0]?.finishReason)).toBe('STOP')
    expect(chunks.at(-1)!.usageMetadata?.promptTokenCount).toBe(12)
  })

  test('a function-calling round trip with functionResponse, streamed, with thoughts when asked for', async () => {
    h.fake.script('gemini-tools', weatherModel())
    const config = { tools: [{ functionDeclarations: [weather] }], toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } }, thinkingConfig: { includeThoughts: true } }
    const contents: any[] = [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }]
    const first = []
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-tools', contents, config })) first.push(chunk)
    const parts = first.flatMap((c) => c.candidates?.[0]?.content?.parts ?? [])
    expect(parts[0]).toMatchObject({ text: 'Need weather.', thought: true })
    const call = parts.find((p) => p.functionCall)!.functionCall!
    expect(call).toMatchObject({ name: 'get_weather', args: { city: 'Paris' }, id: 'call_gw' })
    const sentTools = h.fake.calls.at(-1).args
    expect(sentTools.tools[0].function.parameters).toEqual({ type: 'object', properties: { city: { type: ['string', 'null'] } }, required: ['city'] })
    expect(sentTools.tool_choice).toBe('required')

    contents.push({ role: 'model', parts: [{ functionCall: call }] }, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call.id, response: { forecast: 'sunny' } } }] })
    const second = await ai.models.generateContent({ model: 'gemini-tools', contents, config })
    expect(second.text).toBe('Forecast: sunny')
    const messages = h.fake.calls.at(-1).args.messages
    expect(messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool'])
    expect(messages[1].content).toEqual([{ type: 'tool_use', id: 'call_gw', name: 'get_weather', input: { city: 'Paris' } }])
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_gw', content: '{"forecast":"sunny"}' })
  })

  test('countTokens is answered locally', async () => {
    const before = h.fake.calls.length
    const { totalTokens } = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'How many tokens are in this sentence, roughly?' })
    expect(totalTokens).toBeGreaterThan(8)
    expect(totalTokens).toBeLessThan(20)
    expect(h.fake.calls.length).toBe(before)
  })

  test('models.list pages through Google\'s model shape; models.get finds one by id', async () => {
    const names: string[] = []
    const pager = await ai.models.list({ config: { pageSize: 2 } })
    for await (const model of pager) names.push(model.name!)
    expect(names).toContain('models/gemini-2.5-flash')
    expect(names).toContain('models/openrouter:anthropic/claude-3.5-sonnet')
    const model = await ai.models.get({ model: 'gemini-2.5-flash' })
    expect(model).toMatchObject({ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536 })
    expect(model.supportedActions ?? (model as any).supportedGenerationMethods).toContain('generateContent')
  })

  test('an inline image reaches Puter as an image part; a model id with / and : routes unencoded', async () => {
    await ai.models.generateContent({ model: 'openrouter:anthropic/claude-3.5-sonnet', contents: [{ role: 'user', parts: [{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }] })
    const sent = h.fake.calls.at(-1).args
    expect(sent.model).toBe('openrouter:anthropic/claude-3.5-sonnet')
    // A Claude-family name: Anthropic's own image block, which Puter's Claude provider takes.
    expect(sent.messages[0].content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } })
  })

  test('apiVersion v1 works the same, and GET /v1/models answers Google\'s shape to Google\'s clients', async () => {
    const v1 = new GoogleGenAI({ apiKey: TOKENS.valid, apiVersion: 'v1', httpOptions: { baseUrl: h.base } })
    expect((await v1.models.generateContent({ model: 'gpt-5-nano', contents: 'v1 please' })).text).toBe('Echo: v1 please')
    const list = await json(await fetch(`${h.base}/v1/models`, { headers: { 'x-goog-api-client': 'google-genai-sdk/3.6.1' } }))
    expect(list.models[0].name).toStartWith('models/')
    expect((await json(await fetch(`${h.base}/v1/models`))).object).toBe('list')
  })

  test('errors are Google-shaped ApiErrors, before and after a stream started', async () => {
    const bad = new GoogleGenAI({ apiKey: 'not-a-puter-token-secret', httpOptions: { baseUrl: h.base } })
    const unauth = await bad.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }).catch((e) => e)
    expect(unauth).toBeInstanceOf(ApiError)
    expect(unauth.status).toBe(401)
    const missing = await ai.models.generateContent({ model: 'no-such-model', contents: 'x' }).catch((e) => e)
    expect(missing.status).toBe(404)
    expect(String(missing.message)).toContain('NOT_FOUND')
    const many = await ai.models.generateContent({ model: 'gpt-5-nano', contents: 'x', config: { candidateCount: 2 } }).catch((e) => e)
    expect(many.status).toBe(400)

    h.fake.script('breaks-g', { stream: [fixtureText('mid-stream-error.ndjson')] })
    const chunks: string[] = []
    const midway = await (async () => {
      for await (const chunk of await ai.models.generateContentStream({ model: 'breaks-g', contents: 'x' })) chunks.push(chunk.text ?? '')
    })().catch((e) => e)
    expect(midway).toBeInstanceOf(ApiError)
    expect(midway.status).toBe(502)
    expect(chunks.join('')).not.toBe('')
  })

  test('a key sent as ?key= works, and never reaches a log line or an error body', async () => {
    const res = await fetch(`${h.base}/v1beta/models/gpt-5-nano:generateContent?key=${TOKENS.valid}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ parts: [{ text: 'query key' }] }] }),
    })
    expect(res.status).toBe(200)
    const wrong = await fetch(`${h.base}/v1beta/models/gpt-5-nano:generateContent?key=tok-secret-4f9c1b7e2a`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [] }),
    })
    expect(await wrong.text()).not.toContain('tok-secret-4f9c1b7e2a')
    await Bun.sleep(20)
    expect(h.logs.join('\n')).not.toContain(TOKENS.valid)
    expect(h.logs.join('\n')).not.toContain('tok-secret-4f9c1b7e2a')
  })
})
