/**
 * The client's Puter token is its API key. It is read from the request and
 * handed to the Puter client, and goes nowhere else: not to logs, not into
 * error messages, not to any host but Puter.
 */
import { ProxyError } from './errors.ts'

/** The token from `Authorization: Bearer <token>` or `x-api-key: <token>`, if any. */
export function readToken(headers: Headers): string | undefined {
  const authorization = headers.get('authorization')?.trim()
  if (authorization) {
    const match = /^bearer\s+(\S+)$/i.exec(authorization)
    if (match && match[1] !== 'undefined' && match[1] !== 'null') return match[1]
  }
  const apiKey = headers.get('x-api-key')?.trim()
  return apiKey ? apiKey : undefined
}

/** The token, or a 401 before any upstream call. */
export function requireToken(headers: Headers): string {
  const token = readToken(headers)
  if (token === undefined) {
    throw new ProxyError(401, 'invalid_request_error', 'missing_api_key',
      'No API key given. Send your Puter auth token as `Authorization: Bearer <token>` (the API key of any OpenAI SDK) or as `x-api-key`.')
  }
  return token
}
