/**
 * Claude Code–style traffic: bursts of count_tokens, then streamed turns
 * with thinking and tool calls in a loop, sent as Claude Code sends them
 * (`Authorization: Bearer` from ANTHROPIC_AUTH_TOKEN, `anthropic-beta`).
 * Every event sequence is checked against Anthropic's stream grammar.
 */
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { ndjson, TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let client: Anthropic
beforeAll(async () => {
  h = await startHarness()
  client = new Anthropic({ authToken: TOKENS.valid, apiKey: null, baseURL: h.base, maxRetries: 0, defaultHeaders: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } })
})
afterAll(() => h.stop())

/** Anthropic's stream grammar: message_start, then blocks (start, deltas of the block's kind, stop) with indexes 0, 1, …, then message_delta, message_stop. */
function assertValidSequence(events: Anthropic.RawMessageStreamEvent[]): void {
  expect(events[0]?.type).toBe('message_start')
  expect(events.at(-2)?.type).toBe('message_delta')
  expect(events.at(-1)?.type).toBe('message_stop')
  let expectedIndex = 0
  let open: { index: number; kind: string } | undefined
  const deltaKind: Record<string, string> = { text_delta: 'text', thinking_delta: 'thinking', signature_delta: 'thinking', input_json_delta: 'tool_use' }
  for (const event of events.slice(1, -2)) {
    if (event.type === 'content_block_start') {
      expect(open).toBeUndefined()
      expect(event.index).toBe(expectedIndex)
      open = { index: event.index, kind: event.content_block.type }
    } else if (event.type === 'content_block_delta') {
      expect(open?.index).toBe(event.index)
      expect(deltaKind[event.delta.type]).toBe(open!.kind)
    } else if (event.type === 'content_block_stop') {
      expect(open?.index).toBe(event.index)
      open = undefined
      expectedIndex++
    } else {
      throw new Error(`unexpected ${event.type} between message_start and message_delta`)
    }
  }
  expect(open).toBeUndefined()
}

test('count_tokens bursts and a streamed tool loop with thinking, every event sequence valid', async () => {
  const files: Record<string, string> = { 'README.md': '# demo', 'src/a.ts': 'export const a = 1' }
  let turn = 0
  h.fake.script('claude-code', (args) => {
    turn++
    const last = args.messages.at(-1)
    const reads = args.messages.filter((m: any) => m.role === 'tool').length
    if (last.role === 'tool' && reads >= 2) {
      return { stream: ndjson({ type: 'reasoning', reasoning: 'I have both files.' }, { type: 'text', text: 'Both files are tiny.' }, { type: 'usage', usage: { input_tokens: 900, output_tokens: 12 } }) }
    }
    const path = reads === 0 ? 'README.md' : 'src/a.ts'
    return {
      stream: ndjson(
        { type: 'reasoning', reasoning: `Read ${path} next.` },
        { type: 'text', text: `Reading ${path}.` },
        { type: 'tool_use', id: `toolu_${turn}`, name: 'read_file', input: { path }, text: '' },
        { type: 'usage', usage: { input_tokens: 500 + turn, output_tokens: 20 } },
      ),
    }
  })

  const tools: Anthropic.Tool[] = [{ name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }]
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is in README.md and src/a.ts?' }]
  let final: Anthropic.Message | undefined
  for (let step = 0; step < 5 && !final; step++) {
    // Claude Code counts tokens again and again while it builds a request.
    const counts = await Promise.all(Array.from({ length: 25 }, () =>
      client.messages.countTokens({ model: 'claude-sonnet-4-5', system: 'You are Claude Code.', tools, messages })))
    expect(new Set(counts.map((c) => c.input_tokens)).size).toBe(1)

    const events: Anthropic.RawMessageStreamEvent[] = []
    const stream = client.messages.stream({
      model: 'claude-code', max_tokens: 8192, system: 'You are Claude Code.', tools, messages,
      thinking: { type: 'enabled', budget_tokens: 4096 },
    })
    stream.on('streamEvent', (event) => events.push(event))
    const message = await stream.finalMessage()
    assertValidSequence(events)
    expect(message.content[0]?.type).toBe('thinking')

    messages.push({ role: 'assistant', content: message.content })
    const calls = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')
    if (message.stop_reason !== 'tool_use') final = message
    else messages.push({ role: 'user', content: calls.map((c) => ({ type: 'tool_result' as const, tool_use_id: c.id, content: files[(c.input as { path: string }).path] ?? '' })) })
  }

  expect(final?.content.map((b) => b.type)).toEqual(['thinking', 'text'])
  expect(final?.content[1]).toMatchObject({ text: 'Both files are tiny.' })
  expect(turn).toBe(3)
  // Puter saw the Bearer token, reasoning effort, and the tool results in order.
  const last = h.fake.calls.at(-1)
  expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
  expect(last.args.reasoning_effort).toBe('medium')
  expect(last.args.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content)).toEqual(['# demo', 'export const a = 1'])
}, 30_000)
