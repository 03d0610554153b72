/**
 * Who may call, and with which Puter token. By default the client's API key
 * *is* its Puter token (passthrough). In server-side mode the proxy uses its
 * own token (`PUTER_AUTH_TOKEN`) and clients must present one of
 * `PROXY_API_KEYS`. Tokens go to Puter only: not to logs, not into errors.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Config } from './config.ts'
import { ProxyError } from './errors.ts'
import { limiterKey } from './limiter.ts'

export interface Credentials {
  /** The token to send to Puter. */
  token: string
  /** The limiter key: a hash of the Puter token, whose account Puter's limits apply to. */
  key: string
  /** Who stored data belongs to: a hash of the credential the client presented (its token, or its proxy key). */
  owner: string
}

/** The key from `Authorization: Bearer <key>`, `x-api-key` (Anthropic's clients) or `x-goog-api-key` (Google's), if any. */
export function readApiKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization')?.trim()
  if (authorization) {
    const match = /^bearer\s+(\S+)$/i.exec(authorization)
    if (match && match[1] !== 'undefined' && match[1] !== 'null') return match[1]
  }
  const apiKey = headers.get('x-api-key')?.trim() || headers.get('x-goog-api-key')?.trim()
  return apiKey ? apiKey : undefined
}

const missing = () => new ProxyError(401, 'invalid_request_error', 'missing_api_key',
  'No API key given. Send it as `Authorization: Bearer <key>` (the API key of any OpenAI SDK), as `x-api-key`, or as `x-goog-api-key`.')

/** Builds the request authenticator for `config`'s mode. */
export function createAuthenticator(config: Pick<Config, 'puterAuthToken' | 'proxyApiKeys'>): (headers: Headers) => Credentials {
  const serverToken = config.puterAuthToken
  if (!serverToken) {
    return (headers) => {
      const token = readApiKey(headers)
      if (token === undefined) throw missing()
      const key = limiterKey(token)
      return { token, key, owner: key }
    }
  }
  const digests = config.proxyApiKeys.map(digest)
  const key = limiterKey(serverToken)
  return (headers) => {
    // Without PROXY_API_KEYS the server only listens on loopback (config.ts refuses otherwise).
    if (digests.length === 0) return { token: serverToken, key, owner: key }
    const presented = readApiKey(headers)
    if (presented === undefined) throw missing()
    const d = digest(presented)
    // Compare against every key, in constant time each, so timing says nothing about which matched or how much.
    let ok = false
    for (const candidate of digests) ok = timingSafeEqual(d, candidate) || ok
    if (!ok) throw new ProxyError(401, 'authentication_error', 'invalid_api_key', 'The API key is not one of this proxy\'s keys.')
    // Clients sharing the proxy's Puter token still own their stored responses apart.
    return { token: serverToken, key, owner: limiterKey(`proxy-key:${presented}`) }
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
