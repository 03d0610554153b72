/**
 * Entry point. `--version` and `--help` print and exit. Otherwise it makes
 * sure Bun runs with enough upstream connections (Bun reads
 * BUN_CONFIG_MAX_HTTP_REQUESTS only when it starts, and its default of 256
 * would queue streams: without it set, the process starts itself again with
 * it, so `bun src/index.ts` and the compiled binary behave as `npm start`),
 * then starts the server (serve.ts).
 */
import pkg from '../package.json'

const HELP = `puter-openai-proxy ${pkg.version}: OpenAI-, Anthropic- and Gemini-compatible API in front of Puter's AI backend.

Usage: puter-openai-proxy [--healthcheck | --version | --help]
  (no option)      start the server (PORT, default 3000); the API is under /v1, docs at /swagger
  --healthcheck    ask the running server's /health; exit 0 if it answers, 1 if not
  --version        print the version
  --help           print this

Configuration is environment variables: PORT, HOST, PUTER_API_ORIGIN, MODEL_ALIASES, REDIS_URL,
PUTER_AUTH_TOKEN and PROXY_API_KEYS (server-side mode), limits and timeouts: see the README's
"Configuration" table. The API key a client sends is its Puter token.`

/** The connections Bun may open to Puter at once (each open stream holds one). */
const MAX_HTTP_REQUESTS = '8192'

if (process.argv.includes('--version')) {
  console.log(pkg.version)
  process.exit(0)
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP)
  process.exit(0)
}
if (!process.env.BUN_CONFIG_MAX_HTTP_REQUESTS && !process.argv.includes('--healthcheck')) {
  const child = Bun.spawn([process.execPath, ...process.argv.slice(1)], {
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: MAX_HTTP_REQUESTS, PUTER_PROXY_PARENT: String(process.pid) },
    stdio: ['inherit', 'inherit', 'inherit'],
  })
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal))
  process.exit(await child.exited)
}
await import('./serve.ts')
