/**
 * Codex CLI itself (`codex exec`, pinned in test/matrix/package.json) with a
 * custom model provider on `wire_api = "responses"` pointed at the proxy: a
 * plain turn, a turn in which the model calls Codex's own `exec_command`
 * tool, Codex runs it and sends the output back, and a bad token reported at
 * once. Codex sends function tools, a `namespace` tool, `web_search`,
 * `client_metadata`, `prompt_cache_key`, `include`, `store: false` and input
 * items with ids: all accepted.
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

/** Codex's config: a provider on the Responses wire, no retries (a failure must show at once). */
const config = (model: string) => [
  `model = "${model}"`,
  'model_provider = "puter"',
  '[model_providers.puter]',
  'name = "Puter"',
  `base_url = "${h.base}/v1"`,
  'env_key = "PUTER_TOKEN"',
  'wire_api = "responses"',
  'request_max_retries = 0',
  'stream_max_retries = 0',
].join('\n')

const usage = { prompt_tokens: 400, completion_tokens: 12, cached_tokens: 0 }
const codex = (model: string, prompt: string, token = TOKENS.valid) =>
  runCli('codex', ['exec', '--skip-git-repo-check', '--sandbox', 'danger-full-access', prompt], {
    env: { PUTER_TOKEN: token }, files: { '~/.codex/config.toml': config(model) }, timeoutS: 90,
  })

test('a plain turn: what Codex sends is accepted, and the answer is printed', async () => {
  h.fake.script('codex-plain', { stream: ndjson({ type: 'text', text: 'Hello from Puter.' }, { type: 'usage', usage }) })
  const run = await codex('codex-plain', 'say hello')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('Hello from Puter.')
  const sent = h.fake.calls.filter((c) => c.args.model === 'codex-plain').at(-1).args
  // Codex's namespace tool is offered as its functions; web_search (hosted) is not forwarded.
  const names = sent.tools.map((t: any) => t.function.name)
  expect(names).toContain('exec_command')
  expect(names.some((n: string) => n.includes('__'))).toBe(true)
  expect(JSON.stringify(sent.tools)).not.toContain('web_search')
  expect(sent.store).toBeUndefined()
  expect(sent.client_metadata).toBeUndefined()
  expect(h.logs.some((l) => l.includes('"droppedTools":"web_search"'))).toBe(true)
}, 120_000)

test('a turn with Codex\'s exec_command tool: Codex runs it, sends the output back, prints the final answer', async () => {
  const marker = `codex-${crypto.randomUUID().slice(0, 8)}`
  h.fake.script('codex-tools', (args: any): Scenario => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) return { stream: ndjson({ type: 'text', text: `The command printed ${String(result.content).includes(marker) ? marker : 'something else'}.` }, { type: 'usage', usage }) }
    return { stream: ndjson({ type: 'reasoning', reasoning: 'Run it.' }, { type: 'tool_use', id: 'call_codex_1', name: 'exec_command', input: { cmd: `echo ${marker}` }, text: '' }, { type: 'usage', usage }) }
  })
  const before = h.fake.calls.length
  const run = await codex('codex-tools', 'Run the marker command.')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`The command printed ${marker}.`)
  const calls = h.fake.calls.slice(before).filter((c) => c.args.model === 'codex-tools')
  expect(calls.length).toBe(2)
  const messages = calls[1].args.messages
  const callTurn = messages.find((m: any) => m.role === 'assistant' && Array.isArray(m.content) && m.content.some((b: any) => b.type === 'tool_use'))
  expect(callTurn.content.find((b: any) => b.type === 'tool_use')).toMatchObject({ id: 'call_codex_1', name: 'exec_command', input: { cmd: `echo ${marker}` } })
  expect(messages.find((m: any) => m.role === 'tool')).toMatchObject({ tool_call_id: 'call_codex_1' })
}, 120_000)

test('a call of a tool inside Codex\'s namespace tool is answered as Codex expects: it runs it and sends the output back', async () => {
  h.fake.script('codex-namespace', (args: any): Scenario => {
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) return { stream: ndjson({ type: 'text', text: 'Namespace tool answered.' }, { type: 'usage', usage }) }
    return { stream: ndjson({ type: 'tool_use', id: 'call_ns_1', name: 'multi_agent_v1__close_agent', input: { target: 'no-such-agent' }, text: '' }, { type: 'usage', usage }) }
  })
  const before = h.fake.calls.length
  const run = await codex('codex-namespace', 'Close the agent.')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('Namespace tool answered.')
  const calls = h.fake.calls.slice(before).filter((c) => c.args.model === 'codex-namespace')
  expect(calls.length).toBe(2)
  // Codex sent its call back (as namespace + name) with the tool's output: the flat name reaches Puter again, paired.
  const messages = calls[1].args.messages
  const call = messages.find((m: any) => m.role === 'assistant' && Array.isArray(m.content) && m.content.some((b: any) => b.type === 'tool_use')).content.find((b: any) => b.type === 'tool_use')
  expect(call).toMatchObject({ id: 'call_ns_1', name: 'multi_agent_v1__close_agent' })
  const output = messages.find((m: any) => m.role === 'tool')
  expect(output).toMatchObject({ tool_call_id: 'call_ns_1' })
  // Codex's own close_agent ran (and refused the made-up agent id): it was not an "unknown tool".
  expect(output.content).toContain('invalid agent id no-such-agent')
}, 120_000)

test('a bad token is reported within 10 seconds', async () => {
  const run = await codex('gpt-5-nano', 'hello', 'not-a-puter-token-secret')
  expect(run.code).not.toBe(0)
  expect(run.stdout + run.stderr).toContain('401')
  expect(run.ms).toBeLessThan(10_000)
}, 70_000)
