/**
 * The page at `/` in a real browser (Debian's Chromium through
 * playwright-core), with Puter.js replaced by a stand-in served by the test
 * (PUTER_JS_URL): sign in, see and copy the token, pick a model, watch a
 * streamed answer arrive in pieces, stop a long one, see a bad token's error,
 * copy a client's setup, and never talk to any origin but these two. A
 * screenshot is kept under test-results/.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ndjson, TOKENS } from './fake-puter.ts'
import { launchChromium } from './browser.ts'
import { startHarness, type Harness } from './harness.ts'

/** Puter.js's sign-in, as far as the page uses it. */
const STAND_IN = `window.puter = { authToken: undefined, _in: false, auth: {
  signIn: async () => { window.puter._in = true; window.puter.authToken = ${JSON.stringify(TOKENS.valid)}; return { username: 'tester' } },
  isSignedIn: () => window.puter._in,
  signOut: async () => { window.puter._in = false; window.puter.authToken = undefined },
} }`

let h: Harness
let puterJs: ReturnType<typeof Bun.serve>
let browser: Browser
let context: BrowserContext
let page: Page
const elsewhere: string[] = []

beforeAll(async () => {
  puterJs = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response(STAND_IN, { headers: { 'content-type': 'text/javascript' } }) })
  h = await startHarness({ PUTER_JS_URL: `http://127.0.0.1:${puterJs.port}/v2/` })
  const usage = { prompt_tokens: 9, completion_tokens: 3, cached_tokens: 0 }
  h.fake.script('paced-ui', { stream: [...ndjson({ type: 'reasoning', reasoning: 'Greet them.' }, { type: 'text', text: 'Hello' }), { delayMs: 150 }, ...ndjson({ type: 'text', text: ', <b>world</b>' }), { delayMs: 150 }, ...ndjson({ type: 'text', text: '!' }, { type: 'usage', usage })] })
  h.fake.script('endless-ui', { stream: [...ndjson({ type: 'text', text: 'tick ' }), ...Array.from({ length: 60 }, () => [{ delayMs: 500 }, ...ndjson({ type: 'text', text: 'tick ' })]).flat(), ...ndjson({ type: 'usage', usage })] })
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 900, height: 1300 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.base })
  page = await context.newPage()
  page.on('request', (req) => {
    const url = req.url()
    if (!url.startsWith(h.base) && !url.startsWith(`http://127.0.0.1:${puterJs.port}/`) && !url.startsWith('data:')) elsewhere.push(url)
  })
  await page.goto(h.base)
  await page.waitForFunction(() => { const d = (globalThis as any).document; return d.getElementById('models').options.length > 0 })
}, 30_000)

afterAll(async () => {
  await browser?.close()
  h?.stop()
  puterJs?.stop(true)
})

const text = (id: string) => page.locator(`#${id}`).textContent()

test('sign in with Puter: the token shows masked, reveals, and Copy really copies it', async () => {
  await page.getByRole('button', { name: 'Sign in with Puter' }).click()
  await page.waitForFunction(() => { const d = (globalThis as any).document; return d.getElementById('token').value !== '' })
  expect(await page.locator('#token').getAttribute('type')).toBe('password')
  await page.getByRole('button', { name: 'Show' }).click()
  expect(await page.locator('#token').getAttribute('type')).toBe('text')
  expect(await page.locator('#token').inputValue()).toBe(TOKENS.valid)
  await page.locator('#copy-token').click()
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(TOKENS.valid)
  // Kept for this tab only, unless "remember" is ticked.
  expect(await page.evaluate(() => [(globalThis as any).sessionStorage.length, (globalThis as any).localStorage.length])).toEqual([1, 0])
  expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
})

test('a streamed answer arrives in pieces, as text; reasoning apart; usage and time to first token after', async () => {
  await page.locator('#model').fill('paced-ui')
  await page.locator('#message').fill('hi')
  await page.getByRole('button', { name: 'Send' }).click()
  const seen = new Set<string>()
  for (let i = 0; i < 60 && !(await text('stats')); i++) {
    seen.add((await text('answer')) ?? '')
    await Bun.sleep(25)
  }
  expect(await text('answer')).toBe('Hello, <b>world</b>!')
  // Model output is text, never HTML.
  expect(await page.locator('#answer b').count()).toBe(0)
  expect([...seen].filter((s) => s !== '').length).toBeGreaterThanOrEqual(2)
  expect(await text('reasoning')).toBe('Greet them.')
  expect(await text('stats')).toMatch(/first token after \d+ ms · 9 tokens in, 3 out/)
  expect(h.fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${TOKENS.valid}`)
})

test('Stop aborts a long stream, and the upstream call with it', async () => {
  await page.locator('#model').fill('endless-ui')
  await page.getByRole('button', { name: 'Send' }).click()
  await page.waitForFunction(() => { const d = (globalThis as any).document; return d.getElementById('answer').textContent.includes('tick') })
  await page.getByRole('button', { name: 'Stop' }).click()
  await page.waitForFunction(() => { const d = (globalThis as any).document; return d.getElementById('stats').textContent === 'Stopped.' })
  for (let i = 0; i < 40 && !h.fake.abortedStreams.includes('endless-ui'); i++) await Bun.sleep(50)
  expect(h.fake.abortedStreams).toContain('endless-ui')
  expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true)
})

test('a bad token shows the API\'s message, not a stack', async () => {
  await page.getByLabel('Puter token').fill('not-a-puter-token-secret')
  await page.locator('#model').fill('gpt-5-nano')
  await page.getByRole('button', { name: 'Send' }).click()
  await page.waitForFunction(() => { const d = (globalThis as any).document; return d.getElementById('error').textContent !== '' })
  expect(await text('error')).toContain('Puter rejected the API key')
  await page.getByLabel('Puter token').fill(TOKENS.valid)
})

test('each client\'s setup has this server and the model filled in, and copies', async () => {
  await page.getByRole('tab', { name: 'Codex CLI' }).click()
  const panel = page.getByRole('tabpanel')
  const codex = (await panel.locator('pre').textContent()) ?? ''
  expect(codex).toContain(`base_url = "${h.base}/v1"`)
  expect(codex).toContain('model = "gpt-5-nano"')
  expect(codex).toContain(`PUTER_TOKEN=${TOKENS.valid}`) // shown, since the token is revealed
  await page.getByRole('tab', { name: 'Codex CLI' }).press('ArrowRight')
  expect(await page.getByRole('tab', { name: 'Gemini CLI' }).getAttribute('aria-selected')).toBe('true')
  await page.getByRole('button', { name: 'Copy the Gemini CLI setup' }).click()
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toContain(`GOOGLE_GEMINI_BASE_URL=${h.base}`)
  await page.getByRole('button', { name: 'Hide' }).click()
  expect(await page.getByRole('tabpanel').locator('pre').textContent()).toContain('<your Puter token>')

  mkdirSync(join(import.meta.dir, '..', 'test-results'), { recursive: true })
  const shot = join(import.meta.dir, '..', 'test-results', 'web-page.png')
  await page.screenshot({ path: shot, fullPage: true })
  console.log(`screenshot of the page: ${shot}`)
})

test('the page asked nothing of any origin but this server and Puter.js\'s, and sent the right security headers', async () => {
  expect(elsewhere).toEqual([])
  const res = await fetch(h.base, { headers: { accept: 'text/html' } })
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp).toContain(`script-src 'self' http://127.0.0.1:${puterJs.port}`)
  expect(csp).toContain("default-src 'none'")
  expect((await fetch(h.base)).headers.get('content-type')).toContain('application/json')
})

test('readable on a phone: nothing wider than the screen, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme })
    await phone.goto(h.base)
    const [scroll, width, background] = await phone.evaluate(() => {
      const d = (globalThis as any).document
      return [d.documentElement.scrollWidth, (globalThis as any).innerWidth, (globalThis as any).getComputedStyle(d.body).backgroundColor]
    })
    expect(scroll).toBeLessThanOrEqual(width)
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(20, 20, 23)' : 'rgb(250, 250, 250)')
    await phone.close()
  }
})

test('server-side mode: no sign-in, the page asks for a proxy key', async () => {
  const side = await startHarness({ PUTER_AUTH_TOKEN: TOKENS.valid, PROXY_API_KEYS: 'client-key-1', PUTER_JS_URL: `http://127.0.0.1:${puterJs.port}/v2/` })
  try {
    const other = await context.newPage()
    await other.goto(side.base)
    expect(await other.getByRole('button', { name: 'Sign in with Puter' }).isVisible()).toBe(false)
    expect(await other.getByLabel('Proxy key').isVisible()).toBe(true)
    expect(await other.locator(`script[src*="${puterJs.port}"]`).count()).toBe(0)
    await other.close()
  } finally {
    side.stop()
  }
})
