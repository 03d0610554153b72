/**
 * Every code block of the README, as written: TypeScript blocks run with Bun
 * (the host `localhost:3000` pointed at a test server, `PUTER_TOKEN` set),
 * curl blocks run with bash, the TOML parses, and the Python and other shell
 * blocks are syntax-checked (the Python SDKs cannot be installed here, and
 * the other shell blocks install software or start servers).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

const root = join(import.meta.dir, '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, lang, code], i) => ({ lang: lang!, code: code!, n: i + 1 }))

let h: Harness
const scratch = join(root, 'test', '.readme-snippets')
beforeAll(async () => {
  h = await startHarness()
  mkdirSync(scratch, { recursive: true })
})
afterAll(() => {
  h.stop()
  rmSync(scratch, { recursive: true, force: true })
})

const pointed = (code: string) => code.replaceAll('http://localhost:3000', h.base)
const env = () => ({ ...process.env, PUTER_TOKEN: TOKENS.valid })

async function run(cmd: string[], cwd = root): Promise<{ code: number; out: string }> {
  const child = Bun.spawn(['timeout', '-k', '5', '60', ...cmd], { cwd, env: env(), stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { code, out: out + err }
}

test('the README has the code blocks this test knows how to check', () => {
  expect(blocks.filter((b) => b.lang === 'ts').length).toBeGreaterThanOrEqual(6)
  expect(blocks.every((b) => ['ts', 'sh', 'python', 'toml', ''].includes(b.lang))).toBe(true)
})

describe('TypeScript blocks run', () => {
  for (const block of blocks.filter((b) => b.lang === 'ts')) {
    test(`block ${block.n}: ${block.code.split('\n')[0]}`, async () => {
      let file = join(scratch, `block-${block.n}.ts`)
      // The openapi-fetch block uses the types its sh block generates beside it.
      if (block.code.includes('./puter-openai-proxy.d.ts')) {
        writeFileSync(join(scratch, 'openapi.json'), readFileSync(join(root, 'openapi', 'openapi.json')))
        const gen = await run([join(root, 'node_modules', '.bin', 'openapi-typescript'), 'openapi.json', '-o', 'puter-openai-proxy.d.ts', '--default-non-nullable=false'], scratch)
        expect(gen.code).toBe(0)
      }
      // The Eden block is a file in the repository's root.
      if (block.code.includes("from './src/app.ts'")) file = join(root, `.readme-block-${block.n}.ts`)
      writeFileSync(file, pointed(block.code))
      try {
        const { code, out } = await run([process.execPath, file])
        expect({ code, out: code === 0 ? '' : out }).toEqual({ code: 0, out: '' })
      } finally {
        if (file.startsWith(join(root, '.readme-block'))) rmSync(file, { force: true })
      }
    }, 70_000)
  }
})

describe('curl blocks run', () => {
  for (const block of blocks.filter((b) => b.lang === 'sh' && b.code.includes('curl '))) {
    test(`block ${block.n}`, async () => {
      // In the scratch folder: some write files (`-o hello.mp3`).
      const { code, out } = await run(['bash', '-euo', 'pipefail', '-c', pointed(block.code)], scratch)
      expect(code).toBe(0)
      expect(out).not.toContain('"error"')
      if (block.code.includes('/chat/completions')) expect(out).toContain('Echo:')
      if (block.code.includes('/audio/transcriptions')) expect(out).toContain('"text":"transcribed')
      if (block.code.includes('?type=image')) expect(out).toContain('"id":"gpt-image-1-mini"')
    }, 70_000)
  }
})

describe('the other blocks are well-formed', () => {
  test('shell blocks parse (bash -n)', async () => {
    for (const block of blocks.filter((b) => b.lang === 'sh' && !b.code.includes('curl '))) {
      const file = join(scratch, `block-${block.n}.sh`)
      writeFileSync(file, block.code.replaceAll('<your Puter token>', 'TOKEN'))
      expect({ block: block.n, ...(await run(['bash', '-n', file])) }).toMatchObject({ block: block.n, code: 0 })
    }
  })

  test('Python blocks parse', async () => {
    const python = blocks.filter((b) => b.lang === 'python')
    expect(python.length).toBeGreaterThanOrEqual(3)
    for (const block of python) {
      const file = join(scratch, `block-${block.n}.py`)
      writeFileSync(file, block.code)
      expect({ block: block.n, ...(await run(['python3', '-c', `import ast, sys; ast.parse(open(sys.argv[1]).read())`, file])) }).toMatchObject({ block: block.n, code: 0 })
    }
  })

  test('TOML blocks parse', () => {
    for (const block of blocks.filter((b) => b.lang === 'toml')) expect(() => Bun.TOML.parse(block.code)).not.toThrow()
  })
})
