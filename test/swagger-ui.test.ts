/**
 * Swagger UI in a real headless Chromium (Debian's, no browser download),
 * fully offline: the operations render, "Try it out" works against the
 * server, and the Authorize dialog's token reaches Puter.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type Browser, type Page } from 'playwright-core'
import { TOKENS } from './fake-puter.ts'
import { launchChromium } from './browser.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let browser: Browser
let page: Page
const external: string[] = []

beforeAll(async () => {
  h = await startHarness()
  browser = await launchChromium()
  page = await browser.newPage()
  // Any request leaving this server would break the page on a machine without internet.
  page.on('request', (req) => {
    if (!req.url().startsWith(h.base) && !req.url().startsWith('data:')) external.push(req.url())
  })
  await page.goto(`${h.base}/swagger`)
  await page.waitForSelector('.opblock', { timeout: 15_000 })
}, 30_000)

afterAll(async () => {
  await browser?.close()
  h?.stop()
})

/** Opens an operation, presses Execute, and returns the live response's status and body as Swagger UI shows them. */
async function tryItOut(operation: string): Promise<{ status: string | undefined; body: string | null }> {
  const block = `#operations-${operation}`
  await page.click(`${block} .opblock-summary`)
  await page.click(`${block} .execute`)
  const status = page.locator(`${block} .live-responses-table .response .response-col_status`).first()
  await status.waitFor({ timeout: 10_000 })
  return {
    status: (await status.textContent())?.trim(),
    body: await page.locator(`${block} .live-responses-table .microlight`).first().textContent(),
  }
}

test('the page renders every operation from the local document, with no external request', async () => {
  const paths = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((n) => n.getAttribute('data-path')))
  expect(paths).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/models', '/v1/models/{model}', '/health']))
  expect(external).toEqual([])
}, 20_000)

test('a response shows its real fields and example, not `any` and "string"', async () => {
  await page.click('#operations-Chat-createChatCompletion .opblock-summary')
  const example = page.locator('#operations-Chat-createChatCompletion .responses-wrapper .response[data-code="200"] .example').first()
  await example.waitFor({ timeout: 10_000 })
  const text = (await example.textContent()) ?? ''
  expect(text).toContain('"choices"')
  expect(text).toContain('"finish_reason"')
  expect(text).not.toBe('"string"')
  await page.click('#operations-Chat-createChatCompletion .responses-wrapper .response[data-code="200"] [data-name="model"]')
  const model = (await page.locator('#operations-Chat-createChatCompletion .responses-wrapper .response[data-code="200"] .model-box').first().textContent()) ?? ''
  expect(model).toContain('choices')
  expect(model).toContain('usage')
  await page.click('#operations-Chat-createChatCompletion .opblock-summary')
}, 20_000)

test('"Try it out" on GET /v1/models lists the fake Puter\'s models', async () => {
  const { status, body } = await tryItOut('Models-listModels')
  expect(status).toBe('200')
  expect(body).toContain('gpt-5-nano-2025-08-07')
}, 20_000)

test('Authorize takes the Puter token, and "Try it out" on POST /v1/chat/completions sends it to Puter', async () => {
  await page.click('.auth-wrapper .authorize')
  const bearer = page.locator('.auth-container').filter({ hasText: 'bearer' }).first()
  await bearer.locator('input').first().fill(TOKENS.valid)
  await bearer.locator('button.authorize').click()
  await page.click('.auth-btn-wrapper .btn-done')

  const before = h.fake.calls.length
  const { status, body } = await tryItOut('Chat-createChatCompletion')
  expect(status).toBe('200')
  expect(body).toContain('chat.completion')
  expect(h.fake.calls.length).toBe(before + 1)
  expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
}, 20_000)
