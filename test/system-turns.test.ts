/** Mid-conversation system turns reach the model on both Puter families (pure). */
import { describe, expect, test } from 'bun:test'
import { toPuterMessages as fromAnthropic } from '../src/anthropic/messages.ts'
import { toPuterArgs as chatArgs } from '../src/openai/chat.ts'
import { placeSystemTurns, reminder } from '../src/puter/system-turns.ts'

const call = { role: 'assistant' as const, content: [{ type: 'tool_use', id: 't1', name: 'ls', input: {} }] }
const result = { role: 'tool' as const, tool_call_id: 't1', content: 'a.txt' }

describe('placeSystemTurns', () => {
  test('Claude family: a later system turn is folded into the next user turn as a marked block', () => {
    const out = placeSystemTurns([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'system', content: 'The date is today.' },
      { role: 'user', content: 'what date?' },
    ], true)
    expect(out.filter((m) => m.role === 'system')).toEqual([{ role: 'system', content: 'Be brief.' }])
    expect(out.at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: reminder('The date is today.') }, { type: 'text', text: 'what date?' }] })
  })

  test('Claude family: with no user turn after it, the text joins the leading system message', () => {
    const out = placeSystemTurns([{ role: 'user', content: 'hi' }, { role: 'system', content: [{ type: 'text', text: 'Env: linux' }] }], true)
    expect(out).toEqual([{ role: 'system', content: reminder('Env: linux') }, { role: 'user', content: 'hi' }])
    const withLead = placeSystemTurns([{ role: 'system', content: 'Lead.' }, { role: 'user', content: 'hi' }, { role: 'system', content: 'Late.' }], true)
    expect(withLead[0]).toEqual({ role: 'system', content: `Lead.\n\n${reminder('Late.')}` })
    expect(withLead).toHaveLength(2)
  })

  test('Claude family: tool results stay right after the call; the reminder waits for the user turn', () => {
    const out = placeSystemTurns([{ role: 'user', content: 'go' }, call, { role: 'system', content: 'Note.' }, result, { role: 'user', content: 'next' }], true)
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user'])
    expect(JSON.stringify(out[3])).toContain('Note.')
  })

  test('OpenAI family: system turns stay system messages, but never between a tool call and its result', () => {
    const out = placeSystemTurns([{ role: 'user', content: 'go' }, call, { role: 'system', content: 'Note.' }, result, { role: 'user', content: 'next' }], false)
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'system', 'user'])
    expect(out[3]).toEqual({ role: 'system', content: 'Note.' })
    expect(placeSystemTurns([{ role: 'user', content: 'a' }, { role: 'system', content: 'last' }], false).at(-1)).toEqual({ role: 'system', content: 'last' })
  })

  test('leading system turns and conversations without later ones are left alone', () => {
    const messages = [{ role: 'system' as const, content: 'a' }, { role: 'system' as const, content: 'b' }, { role: 'user' as const, content: 'c' }]
    expect(placeSystemTurns(messages, true)).toBe(messages)
  })
})

describe('every surface places them', () => {
  test('Anthropic: `system` turns inside messages[] (string or text blocks)', () => {
    const messages = [
      { role: 'user' as const, content: 'hi' },
      { role: 'system' as const, content: [{ type: 'text' as const, text: 'Reminder one.' }] },
      { role: 'assistant' as const, content: 'ok' },
      { role: 'system' as const, content: 'Reminder two.' },
      { role: 'user' as const, content: 'go on' },
    ]
    const claude = fromAnthropic('Lead.', messages, true)
    expect(claude.filter((m) => m.role === 'system')).toHaveLength(1)
    expect(JSON.stringify(claude.at(-1))).toContain('Reminder one.')
    expect(JSON.stringify(claude.at(-1))).toContain('Reminder two.')
    const openai = fromAnthropic('Lead.', messages, false)
    expect(openai.filter((m) => m.role === 'system').map((m) => m.content)).toEqual(['Lead.', 'Reminder one.', 'Reminder two.'])
  })

  test('chat completions: a mid-chat system or developer message for a Claude model is folded in', () => {
    const args = chatArgs({ model: 'claude-sonnet-4-5', messages: [
      { role: 'system', content: 'Lead.' }, { role: 'user', content: 'hi' }, { role: 'developer', content: 'Dev note.' }, { role: 'user', content: 'more' },
    ] }, 'raw')
    const messages = args.messages as { role: string; content: unknown }[]
    expect(messages.filter((m) => m.role === 'system')).toEqual([{ role: 'system', content: 'Lead.' }])
    expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: reminder('Dev note.') }, { type: 'text', text: 'more' }] })
    const gpt = chatArgs({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'hi' }, { role: 'developer', content: 'Dev note.' }] }, 'raw')
    expect((gpt.messages as { role: string }[]).map((m) => m.role)).toEqual(['user', 'system'])
  })
})
