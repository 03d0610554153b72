/**
 * The Responses API through the clients that call it: the official `openai`
 * SDK (create, stream with every event checked in order, tool round trip,
 * chaining, retrieve, input items, delete, store: false, ownership, a failure
 * mid-stream), the OpenAI Agents SDK's default model provider running an
 * agent with a function tool, and the AI SDK's `openai(model)`.
 */
import { createOpenAI } from '@ai-sdk/openai'
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool as agentTool } from '@openai/agents'
import { generateText, stepCountIs, streamText, tool } from 'ai'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI, { APIError, BadRequestError, NotFoundError } from 'openai'
import { z } from 'zod'
import { ndjson, TOKENS, type Scenario } from './fake-puter.ts'
import { fixtureText } from './fixtures.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let client: OpenAI
let other: OpenAI
beforeAll(async () => {
  h = await startHarness()
  client = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.valid, maxRetries: 0 })
  other = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: 'tok-other-account', maxRetries: 0 })
})
afterAll(() => h.stop())

/** A model that calls get_weather until it has a result, then answers with it. */
function weatherModel(usage = { prompt_tokens: 40, completion_tokens: 8, cached_tokens: 0 }): (args: any) => Scenario {
  return (args) => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) return { stream: ndjson({ type: 'text', text: `It is ${result.content}.` }, { type: 'usage', usage }), result: { message: { role: 'assistant', content: `It is ${result.content}.` }, usage } }
    const call = { type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' }, text: '' }
    return {
      stream: ndjson({ type: 'reasoning', reasoning: 'Need the weather.' }, call, { type: 'usage', usage }),
      result: { message: { role: 'assistant', content: null, reasoning: 'Need the weather.', tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: 'tool_calls', usage },
    }
  }
}
const weatherTool = { type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }

describe('openai SDK: responses', () => {
  test('create: a response object with the text, usage and echoed parameters; output_text works', async () => {
    const response = await client.responses.create({ model: 'gpt-5-nano', input: 'hello responses', instructions: 'Be brief.', temperature: 0.5 })
    expect(response.object).toBe('response')
    expect(response.id).toMatch(/^resp_/)
    expect(response.status).toBe('completed')
    expect(response.output_text).toBe('Echo: hello responses')
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', annotations: [] }] })
    expect(response.usage).toEqual({ input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 })
    expect(response).toMatchObject({ instructions: 'Be brief.', temperature: 0.5, store: true, model: 'gpt-5-nano' })
    const sent = h.fake.calls.at(-1).args
    expect(sent.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello responses' }])
    expect(sent.temperature).toBe(0.5)
  })

  test('stream: every event in OpenAI\'s order, numbered, deltas equal to the done text and the final output', async () => {
    h.fake.script('thinker-r', { stream: [fixtureText('openai-reasoning-tool-stream.ndjson')] })
    const stream = await client.responses.create({ model: 'thinker-r', input: 'weather?', stream: true, tools: [weatherTool, { ...weatherTool, name: 'get_time' }] })
    const events: any[] = []
    for await (const event of stream) events.push(event)
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i))
    expect(events.map((e) => e.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ])
    const text = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('')
    expect(events.find((e) => e.type === 'response.output_text.done').text).toBe(text)
    const final = events.at(-1).response
    expect(final.output.map((o: any) => o.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call'])
    expect(final.output[0].summary).toEqual([{ type: 'summary_text', text: 'User wants weather; call tool.' }])
    expect(final.output[1].content[0].text).toBe(text)
    expect(final.output[2]).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' })
    expect(final.usage.input_tokens).toBe(61)
    // Output indexes and item ids tie the events to the items.
    const added = events.filter((e) => e.type === 'response.output_item.added')
    expect(added.map((e) => e.output_index)).toEqual([0, 1, 2, 3])
    expect(added.map((e) => e.item.id)).toEqual(final.output.map((o: any) => o.id))
  })

  test('a tool round trip with function_call_output, chained with previous_response_id', async () => {
    h.fake.script('weather-r', weatherModel())
    const first = await client.responses.create({ model: 'weather-r', input: 'Weather in Paris?', tools: [weatherTool] })
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call')!
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}', call_id: 'call_w1' })
    expect(first.output[0]!.type).toBe('reasoning')

    const second = await client.responses.create({
      model: 'weather-r', previous_response_id: first.id, tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 °C' }],
    })
    expect(second.output_text).toBe('It is sunny, 21 °C.')
    expect(second.previous_response_id).toBe(first.id)
    // Puter saw the whole conversation: the user turn, the call as a tool_use block, the result right after it.
    const messages = h.fake.calls.at(-1).args.messages
    expect(messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool'])
    expect(messages[1].content).toEqual([{ type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' } }])
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_w1', content: 'sunny, 21 °C' })
  })

  test('retrieve, input_items and delete a stored response; store: false stores nothing', async () => {
    const made = await client.responses.create({ model: 'gpt-5-nano', input: [{ role: 'user', content: 'first' }, { role: 'user', content: 'second' }] })
    const got = await client.responses.retrieve(made.id)
    expect(got.output_text).toBe(made.output_text)
    const items = await client.responses.inputItems.list(made.id, { order: 'asc' })
    expect(items.data.map((i: any) => i.content)).toEqual(['first', 'second'])
    expect(items.data.every((i: any) => typeof i.id === 'string')).toBe(true)
    const deleted = await client.responses.delete(made.id)
    expect(deleted as unknown).toMatchObject({ id: made.id, object: 'response', deleted: true })
    expect(await client.responses.retrieve(made.id).catch((e) => e)).toBeInstanceOf(NotFoundError)

    const unstored = await client.responses.create({ model: 'gpt-5-nano', input: 'ephemeral', store: false })
    expect((unstored as unknown as { store: boolean }).store).toBe(false)
    expect(await client.responses.retrieve(unstored.id).catch((e) => e)).toBeInstanceOf(NotFoundError)
    const chained = await client.responses.create({ model: 'gpt-5-nano', input: 'more', previous_response_id: unstored.id }).catch((e) => e)
    expect(chained).toBeInstanceOf(BadRequestError)
    expect(chained.param).toBe('previous_response_id')
  })

  test('one token never reads another\'s stored response', async () => {
    const mine = await client.responses.create({ model: 'gpt-5-nano', input: 'private' })
    expect(await other.responses.retrieve(mine.id).catch((e) => e)).toBeInstanceOf(NotFoundError)
    expect(await other.responses.inputItems.list(mine.id).catch((e) => e)).toBeInstanceOf(NotFoundError)
    expect(await other.responses.delete(mine.id).catch((e) => e)).toBeInstanceOf(NotFoundError)
    const stolen = await other.responses.create({ model: 'gpt-5-nano', input: 'continue it', previous_response_id: mine.id }).catch((e) => e)
    expect(stolen).toBeInstanceOf(BadRequestError)
    expect(stolen.param).toBe('previous_response_id')
    expect((await client.responses.retrieve(mine.id)).id).toBe(mine.id)
  })

  test('a failure after the stream started is a response.failed event the SDK sees, never a silent completion', async () => {
    h.fake.script('breaks-r', { stream: [fixtureText('mid-stream-error.ndjson')] })
    const stream = await client.responses.create({ model: 'breaks-r', input: 'x', stream: true })
    const events: any[] = []
    for await (const event of stream) events.push(event)
    const last = events.at(-1)
    expect(last.type).toBe('response.failed')
    expect(last.response.status).toBe('failed')
    expect(last.response.error.code).toBe('upstream_error')
    expect(last.sequence_number).toBe(events.length - 1)
    expect(events.some((e) => e.type === 'response.completed')).toBe(false)
  })

  test('bad input gets a clear OpenAI error', async () => {
    const bad = async (body: any, param: string | null) => {
      const err = await client.responses.create(body).catch((e) => e)
      expect(err).toBeInstanceOf(APIError)
      expect(err.status).toBe(400)
      expect(err.param).toBe(param)
    }
    await bad({ model: 'gpt-5-nano', input: 5 }, 'input')
    await bad({ model: 'gpt-5-nano', input: [{ role: 'wizard', content: 'x' }] }, 'input[0].role')
    await bad({ model: 'gpt-5-nano', input: 'x', background: true }, 'background')
    await bad({ model: 'gpt-5-nano', input: 'x', tools: [{ type: 'function' }] }, 'tools[0].name')
    await bad({ model: 'gpt-5-nano', input: 'x', previous_response_id: 'resp_nope' }, 'previous_response_id')
  })
})

describe('openai SDK: legacy completions', () => {
  test('completions.create, plain and streamed', async () => {
    const done = await client.completions.create({ model: 'gpt-5-nano', prompt: 'Once upon', max_tokens: 20 })
    expect(done.object).toBe('text_completion')
    expect(done.choices[0]).toMatchObject({ text: 'Echo: Once upon', index: 0, finish_reason: 'stop', logprobs: null })
    expect(done.usage?.prompt_tokens).toBe(12)
    expect(h.fake.calls.at(-1).args.messages).toEqual([{ role: 'user', content: 'Once upon' }])

    const stream = await client.completions.create({ model: 'claude-sonnet-4-5', prompt: ['a time'], stream: true, stream_options: { include_usage: true } })
    const chunks: OpenAI.Completions.Completion[] = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe('Echo: a time')
    expect(chunks.every((c) => c.object === 'text_completion')).toBe(true)
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop')
    expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(0)
  })

  test('parameters Puter cannot honour get a 400 naming them', async () => {
    for (const [extra, param] of [[{ echo: true }, 'echo'], [{ logprobs: 2 }, 'logprobs'], [{ suffix: 'end' }, 'suffix'], [{ best_of: 3 }, 'best_of'], [{ n: 2 }, 'n'], [{ prompt: [1, 2, 3] }, 'prompt'], [{ prompt: ['a', 'b'] }, 'prompt']] as const) {
      const err = await client.completions.create({ model: 'gpt-5-nano', prompt: 'x', ...extra } as any).catch((e) => e)
      expect(err).toBeInstanceOf(BadRequestError)
      expect(err.param).toBe(param)
    }
  })
})

describe('OpenAI Agents SDK, default model provider', () => {
  test('runs an agent that calls a function tool, streamed', async () => {
    h.fake.script('agent-r', weatherModel())
    setTracingDisabled(true)
    setDefaultOpenAIClient(new OpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.valid, maxRetries: 0 }) as never)
    let called = ''
    const getWeather = agentTool({
      name: 'get_weather', description: 'Weather for a city', parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        called = city
        return 'cloudy, 12 °C'
      },
    })
    const agent = new Agent({ name: 'Forecaster', instructions: 'Answer with the weather.', model: 'agent-r', tools: [getWeather] })
    const result = await run(agent, 'Weather in Paris?', { stream: true })
    let text = ''
    for await (const event of result.toTextStream()) text += event
    await result.completed
    expect(called).toBe('Paris')
    expect(result.finalOutput).toBe('It is cloudy, 12 °C.')
    expect(text).toBe('It is cloudy, 12 °C.')
    expect(h.logs.filter((l) => l.includes('"route":"/v1/responses"') && l.includes('"model":"agent-r"')).length).toBe(2)
  })
})

describe('AI SDK openai(model): the Responses wire', () => {
  const provider = () => createOpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.valid })

  test('generateText and streamText', async () => {
    const { text, usage } = await generateText({ model: provider()('gpt-5-nano'), prompt: 'hi ai sdk', maxRetries: 0 })
    expect(text).toBe('Echo: hi ai sdk')
    expect(usage.inputTokens).toBe(12)
    expect(h.logs.at(-1)).toContain('"route":"/v1/responses"')
    const result = streamText({ model: provider()('claude-sonnet-4-5'), prompt: 'stream me', maxRetries: 0 })
    const parts: string[] = []
    for await (const delta of result.textStream) parts.push(delta)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.join('')).toBe('Echo: stream me')
  })

  test('tools: a streamed multi-step call', async () => {
    h.fake.script('ai-weather-r', weatherModel())
    const result = streamText({
      model: provider()('ai-weather-r'), prompt: 'Weather in Paris?', maxRetries: 0, stopWhen: stepCountIs(3),
      tools: { get_weather: tool({ description: 'Weather', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `windy in ${city}` }) },
    })
    let text = ''
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error
      if (part.type === 'text-delta') text += part.text
    }
    expect(text).toBe('It is windy in Paris.')
    expect((await result.steps).length).toBe(2)
  })
})
