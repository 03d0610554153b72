/** The Vercel AI SDK's OpenAI-compatible provider against the proxy and the fake Puter. */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { generateText, stepCountIs, streamText, tool } from 'ai'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { z } from 'zod'
import { ndjson, TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let puter: ReturnType<typeof createOpenAICompatible>
beforeAll(async () => {
  h = await startHarness()
  puter = createOpenAICompatible({ name: 'puter', baseURL: `${h.base}/v1`, apiKey: TOKENS.valid, includeUsage: true })
})
afterAll(() => h.stop())

describe('Vercel AI SDK', () => {
  test('generateText', async () => {
    const { text, finishReason, usage } = await generateText({ model: puter('gpt-5-nano'), prompt: 'hello there', maxRetries: 0 })
    expect(text).toBe('Echo: hello there')
    expect(finishReason).toBe('stop')
    expect(usage.inputTokens).toBe(12)
  })

  test('streamText', async () => {
    const result = streamText({ model: puter('claude-sonnet-4-5'), prompt: 'stream this', maxRetries: 0 })
    const parts: string[] = []
    for await (const delta of result.textStream) parts.push(delta)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.join('')).toBe('Echo: stream this')
    expect(await result.finishReason).toBe('stop')
    expect((await result.usage).outputTokens).toBeGreaterThan(0)
  })

  test('one tool call, executed and answered', async () => {
    h.fake.script('ai-sdk-tools', (args) => {
      const last = args.messages.at(-1)
      if (last.role === 'tool') {
        return { stream: ndjson({ type: 'text', text: `Sunny, ${last.content}` }, { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 2 } }) }
      }
      return { stream: ndjson({ type: 'tool_use', id: 'call_ai1', name: 'weather', input: { city: 'Oslo' }, text: '' }, { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 1 } }) }
    })
    const seen: unknown[] = []
    const result = streamText({
      model: puter('ai-sdk-tools'),
      prompt: 'Weather in Oslo?',
      maxRetries: 0,
      stopWhen: stepCountIs(2),
      tools: {
        weather: tool({
          description: 'Weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            seen.push(city)
            return '12°C'
          },
        }),
      },
    })
    expect(await result.text).toBe('Sunny, 12°C')
    expect(seen).toEqual(['Oslo'])
    // The second call carried the tool call as a tool_use block and its result as a tool message.
    const messages = h.fake.calls.at(-1).args.messages
    expect(messages.find((m: any) => m.role === 'assistant').content).toEqual([{ type: 'tool_use', id: 'call_ai1', name: 'weather', input: { city: 'Oslo' } }])
    expect(messages.find((m: any) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_ai1' })
  })
})
