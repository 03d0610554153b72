/**
 * Runs `bun test` and ends with the plain line CI reads: `N passed, M failed`.
 * Counts come from bun's JUnit report; bun's own exit code is kept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'puter-proxy-tests-'))
const report = join(dir, 'junit.xml')
const child = Bun.spawn(['bun', 'test', '--reporter=junit', `--reporter-outfile=${report}`, ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'inherit'],
})
const code = await child.exited

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
rmSync(dir, { recursive: true, force: true })
if (code !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(code)
