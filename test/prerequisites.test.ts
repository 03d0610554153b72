/** What the test runner does on a machine without a browser or Redis: finds what it can, and names what it cannot, with the fix. */
import { expect, test } from 'bun:test'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findChromium, notRunLine, PREREQUISITES } from '../scripts/prerequisites.ts'

test('Chromium is found at CHROMIUM_PATH, in Debian\'s place, or in Playwright\'s cache; else nowhere', () => {
  const home = mkdtempSync(join(tmpdir(), 'prereq-'))
  try {
    expect(findChromium({ HOME: home }, [])).toBeUndefined()
    expect(findChromium({ HOME: home, CHROMIUM_PATH: join(home, 'nope') }, [])).toBeUndefined()
    const cached = join(home, '.cache', 'ms-playwright', 'chromium-1200', 'chrome-linux')
    mkdirSync(cached, { recursive: true })
    writeFileSync(join(cached, 'chrome'), '#!/bin/sh\n')
    chmodSync(join(cached, 'chrome'), 0o755)
    expect(findChromium({ HOME: home }, [])).toBe(join(cached, 'chrome'))
    expect(findChromium({ HOME: home, CHROMIUM_PATH: join(cached, 'chrome') }, [])).toBe(join(cached, 'chrome'))
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})

test('a missing prerequisite is reported by file, with the reason and the one command that fixes it', () => {
  const names = PREREQUISITES.map((p) => p.what)
  expect(names.some((n) => n.includes('Chromium'))).toBe(true)
  expect(names.some((n) => n.includes('Redis'))).toBe(true)
  expect(names.some((n) => n.includes('CLI agents'))).toBe(true)
  const chromium = PREREQUISITES.find((p) => p.what.includes('Chromium'))!
  expect(notRunLine(chromium, 'no Chromium found')).toBe('not run: test/swagger-ui.test.ts, test/web-page.test.ts: a Chromium browser (the Swagger UI and page tests) missing (no Chromium found); fix: apt-get install chromium (or set CHROMIUM_PATH)')
})
