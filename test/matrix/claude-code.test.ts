/**
 * Claude Code itself (`claude -p`, pinned in test/matrix/package.json) against
 * the proxy and the fake Puter: a tool loop on its default model (which sends
 * mid-conversation `system` turns) and on a non-Claude model, plain and
 * `--output-format stream-json`, and a bad token reported at once.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { ndjson, TOKENS, type Scenario } from '../fake-puter.ts'
import { startHarness, type Harness } from '../harness.ts'
import { runCli } from './cli.ts'

let h: Harness
beforeAll(async () => {
  // Claude Code's default model is not one Puter serves: the alias points it at one that is.
  h = await startHarness({ MODEL_ALIASES: 'claude-opus-5-5=claude-opus-5' })
  h.fake.callLimit = 40
})
afterAll(() => h.stop())

/** A model that runs `echo <marker>` through Claude Code's Bash tool, then reports what the tool printed. */
function bashLoop(marker: string, usage: Record<string, number>) {
  return (args: any): Scenario => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) {
      return { stream: ndjson({ type: 'text', text: `The tool printed: ${String(result.content).trim()}` }, { type: 'usage', usage }) }
    }
    return {
      stream: ndjson(
        { type: 'text', text: 'Running it.' },
        { type: 'tool_use', id: 'toolu_matrix_1', name: 'Bash', input: { command: `echo ${marker}`, description: 'Print the marker' }, text: '' },
        { type: 'usage', usage },
      ),
    }
  }
}

const claudeEnv = (token: string) => ({ ANTHROPIC_BASE_URL: h.base, ANTHROPIC_AUTH_TOKEN: token })

test('default model: a turn with a Bash tool call completes, and the system turns reach Puter', async () => {
  const marker = `matrix-${crypto.randomUUID().slice(0, 8)}`
  h.fake.script('claude-opus-5', bashLoop(marker, { input_tokens: 900, output_tokens: 20 }))
  const before = h.fake.calls.length
  const run = await runCli('claude', ['-p', 'Run the marker command and tell me what it printed.', '--allowedTools', 'Bash'], { env: claudeEnv(TOKENS.valid), timeoutS: 90 })
  expect(run.stderr + run.stdout).not.toContain('API Error')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`The tool printed: ${marker}`)

  const calls = h.fake.calls.slice(before).filter((c) => c.args.model === 'claude-opus-5')
  expect(calls.length).toBe(2)
  // Claude Code's mid-conversation system turn (its environment block) survives Puter's Claude provider,
  // which reads only the first system message: it is folded in, not sent as a second one.
  for (const call of calls) {
    const systems = call.args.messages.filter((m: any) => m.role === 'system')
    expect(systems.length).toBe(1)
    expect(JSON.stringify(call.args.messages)).toContain('Primary working directory')
  }
  const toolTurn = calls[1].args.messages.find((m: any) => m.role === 'tool')
  expect(String(toolTurn.content)).toContain(marker)
}, 120_000)

test('a non-Claude model: stream-json output, tool loop, system turns passed as system messages', async () => {
  const marker = `matrix-${crypto.randomUUID().slice(0, 8)}`
  h.fake.script('gpt-5-nano', bashLoop(marker, { prompt_tokens: 900, completion_tokens: 20, cached_tokens: 0 }))
  const before = h.fake.calls.length
  const run = await runCli('claude', ['-p', 'Run the marker command.', '--model', 'gpt-5-nano', '--allowedTools', 'Bash', '--output-format', 'stream-json', '--verbose'], { env: claudeEnv(TOKENS.valid), timeoutS: 90 })
  expect(run.code).toBe(0)
  const events = run.stdout.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l))
  const result = events.find((e) => e.type === 'result')
  expect(result).toMatchObject({ subtype: 'success', is_error: false })
  expect(result.result).toContain(`The tool printed: ${marker}`)
  expect(events.some((e) => e.type === 'assistant' && JSON.stringify(e.message.content).includes('"name":"Bash"'))).toBe(true)

  const calls = h.fake.calls.slice(before).filter((c) => c.args.model === 'gpt-5-nano')
  expect(calls.length).toBe(2)
  // OpenAI-family providers keep system messages where they are: the environment block is one of them.
  const systems = calls[0].args.messages.filter((m: any) => m.role === 'system')
  expect(systems.length).toBeGreaterThanOrEqual(2)
  expect(systems.some((m: any) => String(m.content).includes('Primary working directory'))).toBe(true)
}, 120_000)

test('a bad token is reported within 10 seconds, not retried for minutes', async () => {
  const run = await runCli('claude', ['-p', 'hello'], { env: claudeEnv('not-a-puter-token-secret'), timeoutS: 60 })
  expect(run.code).not.toBe(0)
  expect(run.stdout + run.stderr).toContain('401')
  expect(run.ms).toBeLessThan(10_000)
}, 70_000)
