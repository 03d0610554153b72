/** ProxyError → Anthropic's error shape `{"type":"error","error":{"type","message"}}`, same statuses as the OpenAI surface. */
import type { ProxyError } from '../errors.ts'

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'overloaded_error',
  503: 'overloaded_error',
  504: 'timeout_error',
}

export function toAnthropicErrorBody(error: ProxyError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: TYPES[error.status] ?? 'api_error', message: error.message } }
}

export function toAnthropicErrorResponse(error: ProxyError): Response {
  return new Response(JSON.stringify(toAnthropicErrorBody(error)), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.httpHeaders() },
  })
}
