/**
 * The README's "Generate a client" commands, proven: generate types from the
 * committed document, type-check a client that uses them (strict), and run it
 * against the server.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

const root = join(import.meta.dir, '..')
const generated = join(root, 'test', 'clients', 'generated')
let h: Harness
beforeAll(async () => {
  h = await startHarness()
  rmSync(generated, { recursive: true, force: true })
})
afterAll(() => h.stop())

async function run(cmd: string[]): Promise<string> {
  const child = Bun.spawn(cmd, { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  if (code !== 0) throw new Error(`${cmd.join(' ')} exited ${code}:\n${out}\n${err}`)
  return out
}

test('openapi-typescript + openapi-fetch: generated, type-checked, and working against the server', async () => {
  await run(['node_modules/.bin/openapi-typescript', 'openapi/openapi.json', '-o', 'test/clients/generated/puter-openai-proxy.d.ts', '--default-non-nullable=false'])
  await run(['node_modules/.bin/tsc', '-p', 'test/clients/tsconfig.json'])
  const out = JSON.parse(await run(['bun', 'test/clients/openapi-fetch-client.ts', h.base, TOKENS.valid]))
  expect(out.modelIds).toContain('gpt-5-nano-2025-08-07')
  expect(out.retrieved).toBe('openrouter:anthropic/claude-3.5-sonnet')
  expect(out.content).toBe('Echo: typed client')
  expect(out.streamedText).toBe('Echo: typed stream')
  expect(out.frames).toBeGreaterThan(2)
  expect(out).toMatchObject({ errorStatus: 404, errorCode: 'model_not_found' })
}, 60_000)
