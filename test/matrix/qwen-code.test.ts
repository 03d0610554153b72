/**
 * Qwen Code itself (`qwen`, pinned in test/matrix/package.json) over both wires
 * it offers: `--auth-type openai` (chat completions) and `--auth-type anthropic`
 * (Messages), each completing a turn with a shell tool call, and reporting a
 * bad token at once.
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

function shellLoop(marker: string): (args: any) => Scenario {
  return (args) => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    const usage = { prompt_tokens: 700, completion_tokens: 15, cached_tokens: 0 }
    if (result) return { stream: ndjson({ type: 'text', text: `Shell said: ${String(result.content).includes(marker) ? marker : 'nothing'}` }, { type: 'usage', usage }) }
    return { stream: ndjson({ type: 'tool_use', id: 'call_qwen_1', name: 'run_shell_command', input: { command: `echo ${marker}`, description: 'print' }, text: '' }, { type: 'usage', usage }) }
  }
}

const wires = {
  openai: (token: string, model: string) => ({ OPENAI_API_KEY: token, OPENAI_BASE_URL: `${h.base}/v1`, OPENAI_MODEL: model }),
  anthropic: (token: string, model: string) => ({ ANTHROPIC_API_KEY: token, ANTHROPIC_BASE_URL: h.base, ANTHROPIC_MODEL: model }),
}

for (const [wire, env] of Object.entries(wires)) {
  test(`--auth-type ${wire}: a turn with a shell tool call completes`, async () => {
    const marker = `qwen-${wire}-${crypto.randomUUID().slice(0, 8)}`
    const model = wire === 'openai' ? 'gpt-5-nano' : 'claude-opus-5'
    h.fake.script(model, shellLoop(marker))
    const before = h.fake.calls.length
    const run = await runCli('qwen', ['--auth-type', wire, '-m', model, '--yolo', 'Print the marker with the shell.'], { env: env(TOKENS.valid, model), timeoutS: 90 })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Shell said: ${marker}`)
    const calls = h.fake.calls.slice(before).filter((c) => c.args.model === model)
    expect(calls.length).toBe(2)
    expect(h.logs.some((l) => l.includes(wire === 'openai' ? '"route":"/v1/chat/completions"' : '"model":"claude-opus-5"'))).toBe(true)
  }, 120_000)

  test(`--auth-type ${wire}: a bad token is reported within 10 seconds`, async () => {
    const run = await runCli('qwen', ['--auth-type', wire, '-m', 'gpt-5-nano', 'hello'], { env: env('not-a-puter-token-secret', 'gpt-5-nano'), timeoutS: 60 })
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).toMatch(/401|Puter rejected the API key/)
    expect(run.ms).toBeLessThan(10_000)
  }, 70_000)
}
