/**
 * Gemini CLI itself (`gemini -p`, pinned in test/matrix/package.json) pointed
 * at the proxy with GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY, the API-key
 * auth type chosen in its settings and the workspace trusted (or `-p`
 * refuses to run): a streamed turn in which the model calls its shell tool,
 * and a bad token reported at once.
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

const files = { '~/.gemini/settings.json': JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }) }
const gemini = (args: string[], token: string) => runCli('gemini', args, {
  env: { GOOGLE_GEMINI_BASE_URL: h.base, GEMINI_API_KEY: token },
  files, timeoutS: 90, trustWorkspace: true,
})

test('a streamed turn with a shell tool call completes', async () => {
  const marker = `gemini-${crypto.randomUUID().slice(0, 8)}`
  h.fake.script('gemini-cli-model', (args: any): Scenario => {
    const usage = { prompt_tokens: 900, completion_tokens: 10, cached_tokens: 0 }
    const result = args.messages.find((m: any) => m.role === 'tool')
    if (result) return { stream: ndjson({ type: 'text', text: `The shell said ${String(result.content).includes(marker) ? marker : 'something else'}.` }, { type: 'usage', usage }) }
    return { stream: ndjson({ type: 'tool_use', id: 'call_gc_1', name: 'run_shell_command', input: { command: `echo ${marker}`, description: 'print it' }, text: '' }, { type: 'usage', usage }) }
  })
  const before = h.fake.calls.length
  const run = await gemini(['-p', 'Print the marker with the shell.', '-m', 'gemini-cli-model', '--yolo'], TOKENS.valid)
  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`The shell said ${marker}.`)
  const calls = h.fake.calls.slice(before).filter((c) => c.args.model === 'gemini-cli-model')
  expect(calls.length).toBe(2)
  expect(calls[1].args.messages.find((m: any) => m.role === 'tool').tool_call_id).toBe('call_gc_1')
  expect(h.logs.some((l) => l.includes('"route":"/v1beta/models/{model}:streamGenerateContent"'))).toBe(true)
}, 120_000)

test('a bad token is reported within 10 seconds', async () => {
  const run = await gemini(['-p', 'hello', '-m', 'gemini-2.5-flash'], 'not-a-puter-token-secret')
  expect(run.code).not.toBe(0)
  expect(run.stdout + run.stderr).toContain('401')
  expect(run.ms).toBeLessThan(10_000)
}, 70_000)
