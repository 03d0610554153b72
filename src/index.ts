/** Entry point: configuration → app → listen. */
import { createApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { DOCS_PATH } from './docs.ts'
import { log } from './log.ts'

try {
  const config = loadConfig()
  const app = createApp(config).listen({ port: config.port, hostname: config.host })
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const base = `http://${host}:${app.server?.port}`
  log.info(`listening: API ${base}/v1, docs ${base}${DOCS_PATH}, upstream ${config.puterApiOrigin}, message mode ${config.messageMode}, token passthrough`)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}
