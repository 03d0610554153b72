import { describe, expect, test } from 'bun:test'
import { CONVERSATION_START, toPuterMessages } from '../src/openai/messages.ts'
import type { ChatMessage } from '../src/openai/schema.ts'

const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } } as const
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } })

describe('every mode', () => {
  for (const mode of ['raw', 'standard', 'full'] as const) {
    test(`${mode}: never sends a turn with empty content and no tool calls (Puter answers those with a 400)`, () => {
      const out = toPuterMessages([
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null },
        { role: 'assistant', content: '' },
        { role: 'user', content: [] },
        { role: 'user', content: 'again' },
      ], mode)
      for (const m of out) expect(m.content === '' || m.content === null || (Array.isArray(m.content) && m.content.length === 0)).toBe(false)
    })
  }
})

describe('raw mode', () => {
  const cases: { name: string; input: ChatMessage[]; expected: unknown[] }[] = [
    {
      name: 'developer becomes system; order and every message kept',
      input: [{ role: 'user', content: 'a' }, { role: 'developer', content: 'be brief' }, { role: 'user', content: 'b' }],
      expected: [{ role: 'user', content: 'a' }, { role: 'system', content: 'be brief' }, { role: 'user', content: 'b' }],
    },
    {
      name: 'content parts, image URLs and data URLs included, are kept as they are',
      input: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image, { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } }] }],
      expected: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image, { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } }] }],
    },
    {
      name: 'assistant tool calls become Puter tool_use blocks with object input, text first',
      input: [{ role: 'assistant', content: 'Checking.', tool_calls: [call('call_1', 'get_weather', '{"city":"Paris"}'), call('call_2', 'noop', '')] }],
      expected: [{ role: 'assistant', content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'noop', input: {} },
      ] }],
    },
    {
      name: 'assistant tool calls with null content carry only tool_use blocks; unparseable arguments stay a string',
      input: [{ role: 'assistant', content: null, tool_calls: [call('c', 'f', 'not json')] }],
      expected: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'f', input: 'not json' }] }],
    },
    {
      name: 'tool results keep their call id; array content is joined to a string',
      input: [{ role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '18°C' }, { type: 'text', text: 'sunny' }] }],
      expected: [{ role: 'tool', tool_call_id: 'call_1', content: '18°C\nsunny' }],
    },
    {
      name: 'a tool result with empty content is still sent (Puter accepts it for tool messages)',
      input: [{ role: 'tool', tool_call_id: 'call_1', content: '' }],
      expected: [{ role: 'tool', tool_call_id: 'call_1', content: '' }],
    },
    {
      name: 'legacy function role becomes a tool result',
      input: [{ role: 'function', name: 'lookup', content: '42' }],
      expected: [{ role: 'tool', name: 'lookup', tool_call_id: 'lookup', content: '42' }],
    },
    {
      name: 'response-only fields SDKs echo back (refusal, parsed, annotations) are not sent; name and cache_control are',
      input: [{ role: 'assistant', content: 'ok', refusal: null, parsed: null, annotations: [], name: 'bot', cache_control: { type: 'ephemeral' } } as ChatMessage],
      expected: [{ role: 'assistant', content: 'ok', name: 'bot', cache_control: { type: 'ephemeral' } }],
    },
    {
      name: 'an assistant refusal with null content keeps the refusal as its content',
      input: [{ role: 'assistant', content: null, refusal: 'I cannot help with that.' }],
      expected: [{ role: 'assistant', content: 'I cannot help with that.' }],
    },
    {
      name: 'consecutive same-role turns are not merged and names are kept',
      input: [{ role: 'user', content: 'a', name: 'ann' }, { role: 'user', content: 'b' }],
      expected: [{ role: 'user', content: 'a', name: 'ann' }, { role: 'user', content: 'b' }],
    },
    {
      name: 'reasoning_content on assistant history is not sent back; refusal parts become text',
      input: [{ role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }], reasoning_content: 'hmm' }],
      expected: [{ role: 'assistant', content: [{ type: 'text', text: 'I cannot.' }] }],
    },
  ]
  for (const c of cases) test(c.name, () => expect(toPuterMessages(c.input, 'raw')).toEqual(c.expected as any))
})

describe('standard mode', () => {
  const cases: { name: string; input: ChatMessage[]; expected: unknown[] }[] = [
    {
      name: 'hoists and merges every system and developer message to the front',
      input: [
        { role: 'system', content: 'You are terse.' }, { role: 'user', content: 'hi' },
        { role: 'developer', content: 'Answer in French.' }, { role: 'assistant', content: 'salut' }, { role: 'user', content: 'ok' },
      ],
      expected: [
        { role: 'system', content: 'You are terse.\n\nAnswer in French.' },
        { role: 'user', content: 'hi' }, { role: 'assistant', content: 'salut' }, { role: 'user', content: 'ok' },
      ],
    },
    {
      name: 'merges consecutive same-role turns without dropping any, parts included',
      input: [{ role: 'user', content: 'look' }, { role: 'user', content: [image] }, { role: 'user', content: 'and this' }],
      expected: [{ role: 'user', content: [{ type: 'text', text: 'look' }, image, { type: 'text', text: 'and this' }] }],
    },
    {
      name: 'drops empty turns, then merges the neighbours they separated',
      input: [{ role: 'user', content: 'a' }, { role: 'assistant', content: '' }, { role: 'user', content: 'b' }],
      expected: [{ role: 'user', content: 'a\n\nb' }],
    },
    {
      name: 'keeps tool call / result pairs intact and in order',
      input: [
        { role: 'user', content: 'weather and time?' },
        { role: 'assistant', content: 'Let me look.' },
        { role: 'assistant', content: null, tool_calls: [call('c1', 'weather', '{}'), call('c2', 'time', '{}')] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'c2', content: 'noon' },
        { role: 'assistant', content: 'Sunny at noon.' },
      ],
      expected: [
        { role: 'user', content: 'weather and time?' },
        { role: 'assistant', content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'c1', name: 'weather', input: {} },
          { type: 'tool_use', id: 'c2', name: 'time', input: {} },
        ] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'c2', content: 'noon' },
        { role: 'assistant', content: 'Sunny at noon.' },
      ],
    },
    {
      name: 'an assistant turn after a tool-call turn is not merged into it',
      input: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [call('c1', 'f', '{}')] },
        { role: 'assistant', content: 'done' },
      ],
      expected: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'f', input: {} }] },
        { role: 'assistant', content: 'done' },
      ],
    },
    {
      name: 'makes the first non-system turn a user turn',
      input: [{ role: 'system', content: 's' }, { role: 'assistant', content: 'Hello! How can I help?' }, { role: 'user', content: 'hi' }],
      expected: [
        { role: 'system', content: 's' }, { role: 'user', content: CONVERSATION_START },
        { role: 'assistant', content: 'Hello! How can I help?' }, { role: 'user', content: 'hi' },
      ],
    },
    {
      name: 'a conversation of only system messages stays a single system message',
      input: [{ role: 'system', content: 'a' }, { role: 'system', content: 'b' }],
      expected: [{ role: 'system', content: 'a\n\nb' }],
    },
  ]
  for (const c of cases) test(c.name, () => expect(toPuterMessages(c.input, 'standard')).toEqual(c.expected as any))
})

describe('full mode', () => {
  test('flattens the conversation into one user message with role prefixes', () => {
    const out = toPuterMessages([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '4' },
      { role: 'user', content: 'And 3+3?' },
    ], 'full')
    expect(out).toEqual([{ role: 'user', content: '[system] Be kind.\n\n[user] What is 2+2?\n\n[assistant] 4\n\n[user] And 3+3?' }])
  })

  test('renders tool calls and results, and keeps image parts after the text', () => {
    const out = toPuterMessages([
      { role: 'user', content: [{ type: 'text', text: 'Weather where this is?' }, image] },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'weather', '{"city":"Paris"}')] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ], 'full')
    expect(out).toEqual([{
      role: 'user',
      content: [
        { type: 'text', text: '[user] Weather where this is?\n\n[assistant called weather (id c1)] {"city":"Paris"}\n\n[tool result for c1] sunny' },
        image,
      ],
    }])
  })
})
