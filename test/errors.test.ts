import { describe, expect, test } from 'bun:test'
import { fromPuterFailure, ProxyError } from '../src/errors.ts'
import { fixtureJson } from './fixtures.ts'

const errors = fixtureJson('errors.json') as Record<string, { status: number; body: unknown }>

// The README's error table, row by row.
const table: [string, number, string, string][] = [
  ['token_missing', 401, 'authentication_error', 'invalid_api_key'],
  ['token_auth_failed', 401, 'authentication_error', 'invalid_api_key'],
  ['forbidden', 403, 'permission_error', 'forbidden'],
  ['policy_veto', 403, 'permission_error', 'forbidden'],
  ['insufficient_funds', 402, 'insufficient_quota', 'insufficient_quota'],
  ['too_many_requests', 429, 'rate_limit_error', 'rate_limit_exceeded'],
  ['too_many_concurrent', 429, 'rate_limit_error', 'rate_limit_exceeded'],
  ['model_not_found', 404, 'invalid_request_error', 'model_not_found'],
  ['bad_content', 400, 'invalid_request_error', 'bad_request'],
  ['upstream_bad_request', 400, 'invalid_request_error', 'upstream_bad_request'],
  ['moderation', 400, 'invalid_request_error', 'moderation_flagged'],
  ['upstream_provider_unavailable', 502, 'api_error', 'upstream_unavailable'],
  ['internal', 502, 'api_error', 'upstream_unavailable'],
  ['upstream_auth_failed', 502, 'api_error', 'upstream_unavailable'],
  ['driver_not_found', 502, 'api_error', 'upstream_unavailable'],
]

describe('fromPuterFailure', () => {
  for (const [name, status, type, code] of table) {
    test(`Puter ${errors[name]!.status} ${name} → ${status} ${type}/${code}`, () => {
      const e = fromPuterFailure(errors[name]!.status, errors[name]!.body)
      expect(e).toBeInstanceOf(ProxyError)
      expect({ status: e.status, type: e.type as string, code: e.code }).toEqual({ status, type, code })
    })
  }

  test('keeps Puter\'s message where it helps: which model was not found', () => {
    const e = fromPuterFailure(400, errors.model_not_found!.body)
    expect(e.message).toContain('Model not found: gpt-17')
    expect(e.param).toBe('model')
  })

  test('429 says when to retry, since Puter sends no Retry-After', () => {
    expect(fromPuterFailure(429, errors.too_many_concurrent!.body).headers['retry-after']).toBe('1')
    expect(Number(fromPuterFailure(429, errors.too_many_requests!.body).headers['retry-after'])).toBeGreaterThan(0)
  })

  test('an HTML page from an edge proxy gives a clean message, not the HTML', () => {
    const e = fromPuterFailure(502, '<html><body>Bad gateway</body></html>')
    expect(e.status).toBe(502)
    expect(e.message).not.toContain('<html>')
  })

  test('plain-text bodies are quoted (Puter\'s "Invalid Host header.")', () => {
    const e = fromPuterFailure(400, 'Invalid Host header.')
    expect(e.status).toBe(400)
    expect(e.message).toContain('Invalid Host header.')
  })

  test('toResponse is an OpenAI error body with the status and headers', async () => {
    const res = fromPuterFailure(429, errors.too_many_requests!.body).toResponse()
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(res.headers.get('content-type')).toContain('application/json')
    const body = (await res.json()) as { error: Record<string, unknown> }
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type'])
  })
})
