/**
 * What some test files need beyond `npm ci`, how to get it, and what to say
 * when it cannot be had: the runner then leaves those files out and names
 * them, with the reason and the one command that fixes it, instead of letting
 * them fail as `(unnamed)`.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '..')

export interface Prerequisite {
  /** What is needed, for the report. */
  what: string
  /** Test files that need it (globs for `--path-ignore-patterns`). */
  files: string[]
  /** Makes it available if it can; returns why not, or undefined when it is there. */
  ensure(): Promise<string | undefined>
  /** The one command that fixes it. */
  fix: string
}

/** The Chromium binary the browser tests drive: CHROMIUM_PATH, Debian's, or Playwright's cache. */
export function findChromium(env: Record<string, string | undefined> = process.env, system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  const cache = join(env.PLAYWRIGHT_BROWSERS_PATH ?? join(env.HOME ?? '/root', '.cache', 'ms-playwright'))
  const playwright = existsSync(cache)
    ? readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse().map((d) => join(cache, d, 'chrome-linux', 'chrome'))
    : []
  return [...system, ...playwright].find((p) => existsSync(p))
}

/** The summary's line for files that were not run. */
export const notRunLine = (p: Prerequisite, why: string) => `not run: ${p.files.join(', ')}: ${p.what} missing (${why}); fix: ${p.fix}`

async function run(cmd: string[], cwd = root): Promise<boolean> {
  const child = Bun.spawn(cmd, { cwd, stdout: 'ignore', stderr: 'inherit', stdin: 'ignore' })
  return (await child.exited) === 0
}

export const PREREQUISITES: Prerequisite[] = [
  {
    what: 'the CLI agents of the client matrix (Claude Code, Codex CLI, Gemini CLI, Qwen Code, opencode)',
    files: ['test/matrix/**'],
    fix: 'npm install --prefix test/matrix',
    async ensure() {
      const bins = ['claude', 'codex', 'gemini', 'qwen', 'opencode'].map((b) => join(root, 'test/matrix/node_modules/.bin', b))
      if (bins.every((b) => existsSync(b))) return undefined
      console.error('client matrix: installing the pinned CLIs (npm install --prefix test/matrix) …')
      // Not `npm ci`: npm leaves platform packages of a nested optional dependency out of the lock and then refuses it.
      if (await run(['npm', 'install', '--prefix', 'test/matrix', '--no-audit', '--no-fund', '--no-save', '--loglevel=error'])) return undefined
      return 'npm could not install the pinned CLIs (no registry access?)'
    },
  },
  {
    what: 'a Redis server (the fleet tests)',
    files: ['test/fleet.test.ts'],
    fix: 'apt-get install redis-server',
    async ensure() {
      return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((p) => existsSync(p)) || Bun.which('redis-server') ? undefined : 'no redis-server on this machine'
    },
  },
  {
    what: 'a Chromium browser (the Swagger UI and page tests)',
    files: ['test/swagger-ui.test.ts', 'test/web-page.test.ts'],
    fix: 'apt-get install chromium (or set CHROMIUM_PATH)',
    async ensure() {
      return findChromium() ? undefined : 'no Chromium at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser'
    },
  },
]
