/**
 * Runs `bun test` and ends with the plain line CI reads: `N passed, M failed`.
 * Counts come from bun's JUnit report; bun's own exit code is kept. One more
 * check spans the whole suite: no secret the tests use may appear in any log
 * line a proxy wrote during it (the harness and child servers append them to
 * TEST_LOG_FILE). Test output itself is not scanned: a failing test prints its
 * own source, secrets included.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SECRETS } from '../test/fake-puter.ts'
import { notRunLine, PREREQUISITES } from './prerequisites.ts'

const dir = mkdtempSync(join(tmpdir(), 'puter-proxy-tests-'))
const report = join(dir, 'junit.xml')
const logFile = join(dir, 'proxy-logs.jsonl')
// Files whose prerequisites cannot be had are left out and named, not failed as "(unnamed)".
const notRun: string[] = []
const ignore: string[] = []
for (const p of PREREQUISITES) {
  const missing = await p.ensure()
  if (missing === undefined) continue
  ignore.push(...p.files)
  notRun.push(notRunLine(p, missing))
}
const child = Bun.spawn([process.execPath, 'test', '--reporter=junit', `--reporter-outfile=${report}`, ...ignore.map((g) => `--path-ignore-patterns=${g}`), ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'inherit'],
  env: { ...process.env, TEST_LOG_FILE: logFile },
})
let code = await child.exited

let passed = 0
let failed = 0
try {
  const xml = readFileSync(report, 'utf8')
  for (const [, body] of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    if (body && /<(failure|error)\b/.test(body)) failed++
    else if (body && /<skipped\b/.test(body)) continue
    else passed++
  }
} catch {
  // No report: bun failed before running anything; the exit code says so.
}

const logs = existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''
const leaked = SECRETS.filter((secret) => logs.includes(secret))
// A filtered run (npm run test:clients) writes few lines; the full suite must write enough for the scan to mean something.
if (logs.split('\n').length < 100 && process.argv.length <= 2) {
  console.error('secret scan: fewer than 100 proxy log lines were captured; the scan would prove nothing')
  failed++
  code ||= 1
} else if (leaked.length > 0) {
  console.error(`secret scan: ${leaked.length} secret(s) appeared in the proxy's log lines`)
  failed++
  code ||= 1
} else {
  passed++
}

rmSync(dir, { recursive: true, force: true })
if (code !== 0 && failed === 0) failed = 1
for (const line of notRun) console.log(line)
console.log(`${passed} passed, ${failed} failed${notRun.length > 0 ? `, ${notRun.length} skipped` : ''}`)
process.exit(code)
