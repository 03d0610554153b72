/**
 * The headless Chromium the page tests drive: the system's (or Playwright's
 * cached) binary, never a download, offline-friendly flags.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { findChromium } from '../scripts/prerequisites.ts'

export async function launchChromium(): Promise<Browser> {
  const path = findChromium() ?? '/usr/bin/chromium'
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install Debian's chromium package (.ci/run does)`)
  return chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
