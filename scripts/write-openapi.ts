/**
 * Writes openapi/openapi.json: exactly the bytes the server serves at /swagger/json.
 *   bun run openapi
 * A test fails while the committed file differs, so a schema change lands with its document.
 */
import { join } from 'node:path'
import { createApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { SPEC_PATH } from '../src/docs.ts'

/** The document as served, from an app built with the default configuration. */
export async function servedDocument(): Promise<string> {
  const app = createApp(loadConfig({}))
  return (await app.handle(new Request(`http://localhost${SPEC_PATH}`))).text()
}

export const DOCUMENT_PATH = join(import.meta.dir, '..', 'openapi', 'openapi.json')

if (import.meta.main) {
  await Bun.write(DOCUMENT_PATH, await servedDocument())
  console.log(`wrote ${DOCUMENT_PATH}`)
}
