/**
 * Server-side log lines. Callers never pass tokens or request headers here;
 * error objects are logged by message and stack only.
 */
export const log = {
  info(message: string): void {
    console.log(`[puter-openai-proxy] ${message}`)
  },
  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? (err.stack ?? err.message) : err === undefined ? '' : String(err)
    console.error(`[puter-openai-proxy] ${message}${detail ? `: ${detail}` : ''}`)
  },
}
