/**
 * Entry point: configuration → app → listen; graceful shutdown on SIGTERM and SIGINT.
 * `--healthcheck` instead asks a running server's /health and exits 0 or 1
 * (for container HEALTHCHECKs in images without curl).
 */
import { createApp, listenOptions } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { DOCS_PATH } from './docs.ts'
import { createLogger } from './log.ts'
import { startWorkers, workerId } from './workers.ts'

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
  logger.info('listening', { api: `${base}/v1`, docs: `${base}${DOCS_PATH}`, upstream: config.puterApiOrigin, mode, message_mode: config.messageMode, worker, workers: config.workers, pid: process.pid })

  // Bun reads this once at start: each open stream holds an upstream fetch, and the default allows 256.
  if (!process.env.BUN_CONFIG_MAX_HTTP_REQUESTS) {
    logger.warn('BUN_CONFIG_MAX_HTTP_REQUESTS is not set: Bun allows 256 upstream requests at once and queues the rest; start with `npm start` or set it (e.g. 8192)')
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
  throw err
}
