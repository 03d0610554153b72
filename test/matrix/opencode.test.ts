/**
 * opencode itself (`opencode run`, pinned in test/matrix/package.json) with a
 * provider on `@ai-sdk/openai-compatible` (chat completions) and one on
 * `@ai-sdk/anthropic` (Messages), each completing a turn with its bash tool,
 * and reporting a bad token at once.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { ndjson, TOKENS, type Scenario } from '../fake-puter.ts'
import { startHarness, type Harness } from '../harness.ts'
import { runCli } from './cli.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  h.fake.callLimit = 40
})
afterAll(() => h.stop())

const config = (token: string) => JSON.stringify({
  $schema: 'https://opencode.ai/config.json',
  autoupdate: false,
  share: 'disabled',
  provider: {
    puter: { npm: '@ai-sdk/openai-compatible', name: 'Puter', options: { baseURL: `${h.base}/v1`, apiKey: token }, models: { 'gpt-5-nano': {} } },
    'puter-anthropic': { npm: '@ai-sdk/anthropic', name: 'Puter (Anthropic wire)', options: { baseURL: `${h.base}/v1`, apiKey: token }, models: { 'claude-opus-5': {} } },
  },
})

/** Calls opencode's bash tool once, then reports what it printed; opencode's side requests (a title) get plain text. */
function bashLoop(marker: string, usage: Record<string, number>): (args: any) => Scenario {
  return (args) => {
    if (!args.tools?.length) return { stream: ndjson({ type: 'text', text: 'A title' }, { type: 'usage', usage }) }
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) return { stream: ndjson({ type: 'text', text: `bash printed ${String(result.content).includes(marker) ? marker : 'something else'}` }, { type: 'usage', usage }) }
    return { stream: ndjson({ type: 'tool_use', id: 'call_oc_1', name: 'bash', input: { command: `echo ${marker}`, description: 'Print the marker' }, text: '' }, { type: 'usage', usage }) }
  }
}

const providers: { name: string; model: string; wire: string; usage: Record<string, number> }[] = [
  { name: 'puter', model: 'gpt-5-nano', wire: '/v1/chat/completions', usage: { prompt_tokens: 800, completion_tokens: 10, cached_tokens: 0 } },
  { name: 'puter-anthropic', model: 'claude-opus-5', wire: '/v1/messages', usage: { input_tokens: 800, output_tokens: 10 } },
]

for (const p of providers) {
  test(`${p.name} (${p.wire}): a turn with a bash tool call completes`, async () => {
    const marker = `oc-${crypto.randomUUID().slice(0, 8)}`
    h.fake.script(p.model, bashLoop(marker, p.usage))
    const before = h.fake.calls.length
    const run = await runCli('opencode', ['run', '--model', `${p.name}/${p.model}`, 'Print the marker with bash.'], { files: { 'opencode.json': config(TOKENS.valid) }, timeoutS: 90 })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`bash printed ${marker}`)
    const turns = h.fake.calls.slice(before).filter((c) => c.args.model === p.model && c.args.tools?.length)
    expect(turns.length).toBe(2)
    expect(turns[1].args.messages.some((m: any) => m.role === 'tool' && String(m.content).includes(marker))).toBe(true)
  }, 120_000)

  test(`${p.name}: a bad token is reported within 10 seconds`, async () => {
    const run = await runCli('opencode', ['run', '--model', `${p.name}/${p.model}`, 'hello'], { files: { 'opencode.json': config('not-a-puter-token-secret') }, timeoutS: 60 })
    expect(run.stdout + run.stderr).toMatch(/Puter rejected the API key|401/)
    expect(run.ms).toBeLessThan(10_000)
  }, 70_000)
}
