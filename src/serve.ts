/**
 * The server: configuration → app → listen; graceful shutdown on SIGTERM and
 * SIGINT. `--healthcheck` instead asks a running server's /health and exits 0
 * or 1 (for container HEALTHCHECKs in images without curl).
 */
import { createApp, listenOptions } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { DOCS_PATH } from './docs.ts'
import { createLogger } from './log.ts'
import { startWorkers, workerId } from './workers.ts'
import pkg from '../package.json'

try {
  const config = loadConfig()
  if (process.argv.includes('--healthcheck')) {
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
    const ok = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/health`, { signal: AbortSignal.timeout(3_000) })
      .then((res) => res.ok, () => false)
    process.exit(ok ? 0 : 1)
  }
  const logger = createLogger(config.logLevel)
  const worker = workerId()
  const workers = worker === 0 && config.workers > 1 ? startWorkers(config.workers - 1, logger) : undefined
  const app = createApp(config, { logger }).listen(listenOptions(config))
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const base = `http://${host}:${app.server?.port}`
  const mode = config.puterAuthToken ? `server-side token${config.proxyApiKeys.length ? `, ${config.proxyApiKeys.length} client key(s)` : ', loopback only'}` : 'token passthrough'
  logger.info('listening', { version: pkg.version, api: `${base}/v1`, docs: `${base}${DOCS_PATH}`, upstream: config.puterApiOrigin, mode, message_mode: config.messageMode, shared_state: config.redisUrl ? 'redis' : 'off', worker, workers: config.workers, pid: process.pid })
  // A person starting it in a terminal reads a banner; the JSON line above is for log collectors.
  if (process.stderr.isTTY && worker === 0) {
    console.error(`\nputer-openai-proxy ${pkg.version} is listening\n  API      ${base}/v1\n  Docs     ${base}${DOCS_PATH}\n  Mode     ${mode}\n  Upstream ${config.puterApiOrigin}\n`)
  }

  // Started by another process of ours (the entry's restart with BUN_CONFIG_MAX_HTTP_REQUESTS): if that
  // process dies, even by SIGKILL, this one must not live on as an orphan holding the port and its slots.
  const parent = Number(process.env.PUTER_PROXY_PARENT ?? 0)
  if (parent > 0) {
    const watch = setInterval(() => {
      if (process.ppid !== parent) {
        logger.warn('the parent process is gone: stopping', { parent })
        process.exit(1)
      }
    }, 250)
    watch.unref()
  }

  let stopping = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, in_flight: app.lifecycle.active(), grace_ms: config.shutdownGraceMs })
    // Stop accepting; requests in flight carry on for the grace period, then end with an error.
    void app.server?.stop(false)
    await Promise.all([app.lifecycle.drain(config.shutdownGraceMs), workers?.stop(signal as NodeJS.Signals)])
    // Give the error frames a moment to flush before the sockets close.
    setTimeout(() => {
      void app.server?.stop(true)
      process.exit(0)
    }, 250)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  if ((err as { code?: string })?.code === 'EADDRINUSE') {
    const port = process.env.PORT?.trim() || '3000'
    console.error(`Port ${port} is already in use (another server, or another copy of this proxy, listens there). Stop it, or start with PORT=<another port>.`)
    process.exit(1)
  }
  throw err
}
