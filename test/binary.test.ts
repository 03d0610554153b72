/**
 * The release binary: `bun run build` makes one executable that runs from an
 * empty directory with no node_modules, serves the Swagger UI from its own
 * embedded assets, streams a chat completion, and checks its own health.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import pkg from '../package.json'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakePuter, TOKENS } from './fake-puter.ts'
import { json, readSse } from './harness.ts'

const root = join(import.meta.dir, '..')
let fake: FakePuter
let dir: string
let server: ReturnType<typeof Bun.spawn> | undefined
let base: string
let binary: string

beforeAll(async () => {
  fake = await new FakePuter().start().ready()
  const build = Bun.spawn(['bun', 'run', 'build'], { cwd: root, stdout: 'pipe', stderr: 'pipe' })
  if ((await build.exited) !== 0) throw new Error(`build failed: ${await new Response(build.stderr).text()}`)
  dir = mkdtempSync(join(tmpdir(), 'puter-proxy-binary-'))
  binary = join(dir, 'puter-openai-proxy')
  copyFileSync(join(root, 'dist', 'puter-openai-proxy'), binary)
  expect(existsSync(join(dir, 'node_modules'))).toBe(false)

  // A minimal environment: no PATH, no HOME, nothing but what the proxy reads.
  server = Bun.spawn([binary], {
    cwd: dir,
    env: { PORT: '0', HOST: '127.0.0.1', PUTER_API_ORIGIN: fake.origin },
    stdout: 'pipe', stderr: 'pipe',
  })
  const reader = (server.stdout as ReadableStream<Uint8Array>).getReader()
  let out = ''
  while (!out.includes('"listening"')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`binary exited: ${out}`)
    out += new TextDecoder().decode(value)
  }
  reader.releaseLock()
  const line = JSON.parse(out.split('\n').find((l) => l.includes('"listening"'))!)
  expect(line).toMatchObject({ mode: 'token passthrough', upstream: fake.origin, version: pkg.version })
  // The binary gives itself Bun's connection setting: no advice to start it some other way.
  expect(out).not.toContain('BUN_CONFIG_MAX_HTTP_REQUESTS')
  expect(line.docs).toMatch(/\/swagger$/)
  base = (line.api as string).replace(/\/v1$/, '')
}, 60_000)

afterAll(() => {
  server?.kill('SIGTERM')
  fake.stop()
  rmSync(dir, { recursive: true, force: true })
  // The 110 MB build is not left in the clone.
  rmSync(join(root, 'dist'), { recursive: true, force: true })
})

test('--version and --help print and exit; /health says the version', async () => {
  const version = Bun.spawn([binary, '--version'], { stdout: 'pipe' })
  expect((await new Response(version.stdout).text()).trim()).toBe(pkg.version)
  expect(await version.exited).toBe(0)
  const help = Bun.spawn([binary, '--help'], { stdout: 'pipe' })
  expect(await new Response(help.stdout).text()).toContain('Usage: puter-openai-proxy')
  expect(await help.exited).toBe(0)
  expect(await json(await fetch(`${base}/health`))).toEqual({ status: 'ok', version: pkg.version })
})

test('streams a chat completion', async () => {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}` },
    body: JSON.stringify({ model: 'gpt-5-nano', stream: true, messages: [{ role: 'user', content: 'from the binary' }] }),
  })
  const { data } = await readSse(res)
  expect(data.slice(0, -1).map((c: any) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: from the binary')
  expect(data.at(-1)).toBe('[DONE]')
})

test('counts tokens on the embedded tokenizer worker', async () => {
  const res = await fetch(`${base}/v1/messages/count_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TOKENS.valid },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Tokenizers split text into pieces; this sentence is a test of that.' }] }),
  })
  // o200k's count (15) plus 4 of framing; the length estimate would say 21, and a missing worker answers only after its 5 s deadline.
  expect(await json(res)).toEqual({ input_tokens: 19 })
}, 4_000)

test('serves the Swagger UI page and its embedded assets', async () => {
  const page = await (await fetch(`${base}/swagger`)).text()
  expect(page).toContain('SwaggerUIBundle')
  for (const [, asset] of page.matchAll(/(?:src|href)="([^"]+)"/g)) {
    const res = await fetch(`${base}${asset}`)
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000)
  }
  expect((await json(await fetch(`${base}/swagger/json`))).openapi).toMatch(/^3\.1/)
})

test('serves the page at / and its embedded script and styles', async () => {
  const page = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text()
  expect(page).toContain('Sign in with Puter')
  for (const asset of ['/ui/app.js', '/ui/style.css']) {
    const res = await fetch(`${base}${asset}`)
    expect(res.status).toBe(200)
    expect((await res.text()).length).toBeGreaterThan(500)
  }
})

test('--healthcheck exits 0 against the running server and 1 when nothing listens', async () => {
  const port = new URL(base).port
  const healthy = Bun.spawn([binary, '--healthcheck'], { env: { PORT: port, HOST: '127.0.0.1' } })
  expect(await healthy.exited).toBe(0)
  const nobody = Bun.spawn([binary, '--healthcheck'], { env: { PORT: '1', HOST: '127.0.0.1' } })
  expect(await nobody.exited).toBe(1)
})
