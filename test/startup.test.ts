/** What a person meets when starting the server: a busy port fails at once with one clear line; --version and --help print. */
import { expect, test } from 'bun:test'
import { join } from 'node:path'
import pkg from '../package.json'

const root = join(import.meta.dir, '..')
const start = (args: string[], env: Record<string, string> = {}) =>
  Bun.spawn([process.execPath, 'src/index.ts', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, stdout: 'pipe', stderr: 'pipe' })

test('a second server on a busy port fails at once, naming the port, instead of sharing its traffic', async () => {
  const busy = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response('the first server') })
  try {
    const t = performance.now()
    const proc = start([], { PORT: String(busy.port) })
    expect(await proc.exited).toBe(1)
    expect(performance.now() - t).toBeLessThan(5_000)
    const said = await new Response(proc.stderr).text()
    expect(said).toContain(`Port ${busy.port} is already in use`)
    expect(said.trim().split('\n')).toHaveLength(1)
    expect(await (await fetch(`http://127.0.0.1:${busy.port}/`)).text()).toBe('the first server')
  } finally {
    busy.stop(true)
  }
})

test('--version and --help print and exit without starting a server', async () => {
  const version = start(['--version'])
  expect((await new Response(version.stdout).text()).trim()).toBe(pkg.version)
  expect(await version.exited).toBe(0)
  const help = start(['--help'])
  const text = await new Response(help.stdout).text()
  expect(text).toContain('--healthcheck')
  expect(text).toContain('README')
  expect(await help.exited).toBe(0)
})
