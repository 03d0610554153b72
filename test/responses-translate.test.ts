/** Pure Responses translation: items → Puter messages, tools, results → response objects, events → stream events. */
import { describe, expect, test } from 'bun:test'
import { toItems, toPuterMessages } from '../src/responses/input.ts'
import { createResponsesStream } from '../src/responses/stream.ts'
import { toPuterTools, toToolChoice } from '../src/responses/tools.ts'
import { toPuterArgs, toResponse, type ResponseMeta } from '../src/responses/translate.ts'
import { reminder } from '../src/puter/system-turns.ts'

let n = 0
const meta = (targets = new Map()): ResponseMeta => ({ id: 'resp_1', createdAt: 1_800_000_000, model: 'm', newId: (p) => `${p}_${++n}`, targets })

describe('tools', () => {
  const tools = toPuterTools([
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
    { type: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } } as never,
    { type: 'namespace', name: 'multi_agent_v1', description: 'Agents', tools: [{ type: 'function', name: 'close_agent', parameters: { type: 'object' } } as never] },
    { type: 'web_search' }, { type: 'file_search' }, { type: 'mcp', server_label: 'x' } as never,
  ])

  test('function, custom and namespace tools become function tools; hosted tools are dropped and named', () => {
    expect(tools.tools.map((t: any) => t.function.name)).toEqual(['get_weather', 'apply_patch', 'multi_agent_v1__close_agent'])
    expect((tools.tools[1] as any).function.parameters).toMatchObject({ required: ['input'], properties: { input: { type: 'string' } } })
    expect((tools.tools[1] as any).function.parameters.properties.input.description).toContain('start: "x"')
    expect(tools.dropped).toEqual(['web_search', 'file_search', 'mcp'])
    expect(tools.targets.get('multi_agent_v1__close_agent')).toEqual({ kind: 'function', name: 'close_agent', namespace: 'multi_agent_v1' })
  })

  test('tool_choice', () => {
    expect(toToolChoice('required', tools.targets)).toBe('required')
    expect(toToolChoice({ type: 'function', name: 'get_weather' }, tools.targets)).toEqual({ type: 'function', function: { name: 'get_weather' } })
    expect(toToolChoice({ type: 'web_search' }, tools.targets)).toBe('auto')
  })

  test('a called tool comes back as the item the client expects', () => {
    const m = meta(tools.targets)
    const result = { message: { role: 'assistant', content: null, tool_calls: [
      { id: 'c1', type: 'function', function: { name: 'multi_agent_v1__close_agent', arguments: '{"target":"a"}' } },
      { id: 'c2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
    ] }, finish_reason: 'tool_calls', usage: { prompt_tokens: 1, completion_tokens: 1 } }
    const response = toResponse(result, m, {})
    expect(response.output[0]).toMatchObject({ type: 'function_call', name: 'close_agent', namespace: 'multi_agent_v1', call_id: 'c1', arguments: '{"target":"a"}' })
    expect(response.output[1]).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'c2', input: '*** Begin Patch' })
  })
})

describe('input items → Puter messages', () => {
  test('instructions lead; developer turns are system turns; calls of one turn share one assistant message', () => {
    const messages = toPuterMessages('Rules.', [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      { type: 'reasoning', id: 'rs_1', summary: [] } as never,
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.' }] },
      { type: 'function_call', call_id: 'c1', name: 'close_agent', namespace: 'multi_agent_v1', arguments: '{"target":"a"}' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: 'patch text' },
      { type: 'function_call_output', call_id: 'c1', output: 'closed' },
      { type: 'custom_tool_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'applied' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] },
      { type: 'message', role: 'developer', content: 'Mind the tests.' },
      { type: 'web_search_call', id: 'ws_1' } as never,
    ], false)
    expect(messages).toEqual([
      { role: 'system', content: 'Rules.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'c1', name: 'multi_agent_v1__close_agent', input: { target: 'a' } },
        { type: 'tool_use', id: 'c2', name: 'apply_patch', input: { input: 'patch text' } },
      ] },
      { role: 'tool', tool_call_id: 'c1', content: 'closed' },
      { role: 'tool', tool_call_id: 'c2', content: 'applied' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
      { role: 'system', content: 'Mind the tests.' },
    ])
  })

  test('for Claude models: images and files as Anthropic blocks, a mid-conversation developer turn folded into the next user turn', () => {
    const messages = toPuterMessages(undefined, [
      { role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/' }, { type: 'input_file', file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' }] },
      { role: 'assistant', content: 'Seen.' },
      { role: 'developer', content: 'Be terse.' },
      { role: 'user', content: 'And now?' },
    ], true)
    expect(messages[0]!.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
    ])
    expect(messages.filter((m) => m.role === 'system')).toHaveLength(0)
    expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: reminder('Be terse.') }, { type: 'text', text: 'And now?' }] })
  })

  test('a string input is one user message', () => {
    expect(toItems('hello')).toEqual([{ type: 'message', role: 'user', content: 'hello' }])
  })

  test('args: max_output_tokens, reasoning effort, text format; Responses-only fields and our ids are not sent to Puter', () => {
    const { args } = toPuterArgs({
      model: 'gpt-5-nano', input: 'x', max_output_tokens: 100, reasoning: { effort: 'minimal', summary: 'auto' }, store: false,
      previous_response_id: 'resp_x', include: ['reasoning.encrypted_content'], prompt_cache_key: 'k', text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      client_metadata: { a: 1 }, seed: 7,
    } as never, toItems('x'))
    expect(args).toMatchObject({ model: 'gpt-5-nano', max_tokens: 100, reasoning_effort: 'low', seed: 7, stream: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } } })
    for (const key of ['store', 'previous_response_id', 'include', 'prompt_cache_key', 'client_metadata', 'text', 'reasoning', 'input', 'max_output_tokens']) expect(args[key]).toBeUndefined()
  })
})

describe('results → response objects', () => {
  test('a token-limit stop is an incomplete response; reasoning is a summary; every usage family maps', () => {
    const claude = toResponse({ message: { content: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'Partial' }], stop_reason: 'max_tokens' }, finish_reason: 'stop', usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 7, thinking_tokens: 3 } }, meta(), {})
    expect(claude.status).toBe('incomplete')
    expect(claude.incomplete_details).toEqual({ reason: 'max_output_tokens' })
    expect(claude.output.map((o) => o.type)).toEqual(['reasoning', 'message'])
    expect(claude.output[0]!.summary).toEqual([{ type: 'summary_text', text: 'Hmm.' }])
    expect(claude.usage).toEqual({ input_tokens: 15, input_tokens_details: { cached_tokens: 5 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 22 })
    const openrouter = toResponse({ message: { content: 'ok' }, usage: { prompt: 20, completion: 4, input_cache_read: 2 } }, meta(), {})
    expect(openrouter.usage).toMatchObject({ input_tokens: 20, output_tokens: 4, input_tokens_details: { cached_tokens: 2 } })
  })
})

describe('stream events', () => {
  const drive = (events: unknown[], options = {}, targets = new Map()) => {
    const stream = createResponsesStream(meta(targets), {}, options)
    const out = [...stream.translator.start()]
    stream.translator.push(events, out)
    stream.translator.end(out)
    return { out, stream }
  }

  test('a custom tool call streams its input events', () => {
    const { targets } = toPuterTools([{ type: 'custom', name: 'apply_patch' }])
    const { out } = drive([{ type: 'tool_use', id: 'c9', name: 'apply_patch', input: { input: 'PATCH' } }, { type: 'usage', usage: {} }], {}, targets)
    expect(out.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done', 'response.completed'])
    expect(out[3]).toMatchObject({ delta: 'PATCH' })
    expect(out[5]!.item).toMatchObject({ type: 'custom_tool_call', call_id: 'c9', name: 'apply_patch', input: 'PATCH' })
  })

  test('an answer Puter gave as JSON with a token-limit stop ends with response.incomplete', () => {
    const { out, stream } = drive([{ type: 'text', text: 'cut' }, { type: 'usage', usage: {} }], { stop: 'length' })
    expect(out.at(-1)!.type).toBe('response.incomplete')
    expect(stream.final()).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })
  })

  test('a failure: response.failed numbered after what went out, with the items completed so far', () => {
    const stream = createResponsesStream(meta(), {})
    const out = [...stream.translator.start()]
    stream.translator.push([{ type: 'text', text: 'part' }], out)
    expect(() => stream.translator.push([{ type: 'error', message: 'boom' }], out)).toThrow(/boom/)
    const failed = stream.failedEvent(new Error('boom'))
    expect(failed.sequence_number).toBe(out.length)
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'upstream_stream_error' } })
    expect(stream.final()?.status).toBe('failed')
  })

  test('a stream that ends without Puter\'s usage line fails instead of completing', () => {
    const stream = createResponsesStream(meta(), {})
    const out = [...stream.translator.start()]
    stream.translator.push([{ type: 'text', text: 'half' }], out)
    expect(() => stream.translator.end(out)).toThrow(/ended before it was complete/)
  })

  test('an empty answer is still one (empty) message', () => {
    const { out } = drive([{ type: 'usage', usage: {} }])
    expect(out.at(-1)!.response).toMatchObject({ status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: '' }] }] })
    expect(out.some((e) => e.type === 'response.output_text.delta')).toBe(false)
  })
})
