/**
 * The page for people at `/` (for a browser asking for HTML; API clients keep
 * the JSON index) and its two assets, served by the app itself so that it
 * works offline; only Puter.js (for "Sign in with Puter") comes from
 * PUTER_JS_URL. A Content-Security-Policy allows scripts from this origin and
 * that one only.
 */
import { Elysia } from 'elysia'
import type { Config } from '../config.ts'
// Imported as files so `bun build --compile` embeds them.
import appJs from './app.client.js' with { type: 'file' }
import styleCss from './style.client.css' with { type: 'file' }
import { PAGE_HTML } from './page.ts'

/** Whether a request is a browser asking for a page (it lists text/html before JSON). */
export function wantsPage(request: Request): boolean {
  const accept = request.headers.get('accept') ?? ''
  return accept.includes('text/html')
}

/** The page, with what its script needs to know, and its security headers. */
export async function createPage(config: Config): Promise<() => Response> {
  const template = PAGE_HTML
  const puter = new URL(config.puterJsUrl)
  const serverSideKeys = Boolean(config.puterAuthToken) && config.proxyApiKeys.length > 0
  // Puter.js talks to Puter's API and opens its sign-in window there; a stand-in (tests) only to its own origin.
  const puterHosts = /(^|\.)puter\.com$/.test(puter.hostname) ? `${puter.origin} https://puter.com https://*.puter.com` : puter.origin
  const settings = JSON.stringify({ serverSideKeys, defaultModel: 'gpt-5-nano' }).replaceAll('<', '\\u003c')
  const html = template
    .replace('__CONFIG__', settings)
    .replace('__PUTER_SCRIPT__', serverSideKeys ? '' : `<script src="${puter.href.replaceAll('"', '%22')}" defer></script>`)
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'self' ${serverSideKeys ? '' : puter.origin}`.trim(),
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${serverSideKeys ? '' : puterHosts}`.trim(),
      serverSideKeys ? "frame-src 'none'" : `frame-src ${puterHosts}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  }
  return () => new Response(html, { headers })
}

const asset = (path: string, type: string) => () =>
  new Response(Bun.file(path), { headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } })

/** The page's script and style sheet. */
export function webAssets() {
  return new Elysia({ name: 'web-assets' })
    .get('/ui/app.js', asset(appJs, 'text/javascript; charset=utf-8'), { detail: { hide: true } })
    .get('/ui/style.css', asset(styleCss, 'text/css; charset=utf-8'), { detail: { hide: true } })
}
