/**
 * Runs a real CLI agent of the client matrix (pinned in test/matrix/package.json)
 * the way a user would, but boxed: HOME and the working directory in a fresh
 * temp dir, only loopback reachable (every other address goes to a closed
 * proxy port), no telemetry, and a hard timeout (`timeout -k`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export type CliName = 'claude' | 'codex' | 'gemini' | 'qwen' | 'opencode'

/** Where the pinned CLI's entry is installed. */
export const cliPath = (name: CliName): string => join(import.meta.dir, 'node_modules', '.bin', name)

/** Whether the matrix's CLIs are installed (`npm ci --prefix test/matrix`; scripts/run-tests.ts does it). */
export const cliInstalled = (name: CliName): boolean => existsSync(cliPath(name))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  ms: number
  home: string
}

export interface CliOptions {
  env?: Record<string, string>
  /** Files to create, relative to HOME (`~/.codex/config.toml`) or to the working directory (`./opencode.json`). */
  files?: Record<string, string>
  timeoutS?: number
  /** Writes Gemini CLI's trust for the working directory (its path is known only here). */
  trustWorkspace?: boolean
}

/** Runs `name args` to completion in a box; the temp dir is removed afterwards. */
export async function runCli(name: CliName, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), `matrix-${name}-`))
  const work = join(home, 'work')
  mkdirSync(work)
  for (const [path, text] of Object.entries(options.files ?? {})) {
    const target = path.startsWith('~/') ? join(home, path.slice(2)) : join(work, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, text)
  }
  if (options.trustWorkspace) writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [work]: 'TRUST_FOLDER' }))
  const started = performance.now()
  const child = Bun.spawn(['timeout', '-k', '5', String(options.timeoutS ?? 60), cliPath(name), ...args], {
    cwd: work,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      TERM: 'dumb',
      CI: 'true',
      // Anything not on loopback meets a closed port at once instead of a DNS wait.
      HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', ALL_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost',
      DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ...options.env,
    },
  })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  const ms = performance.now() - started
  rmSync(home, { recursive: true, force: true })
  return { code, stdout, stderr, ms, home }
}
