/** ProxyError → Google's error shape `{"error":{"code","message","status"}}`, with the status names Google uses; same HTTP statuses as the other surfaces. */
import type { ProxyError } from '../errors.ts'

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'RESOURCE_EXHAUSTED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  408: 'DEADLINE_EXCEEDED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

export function toGoogleErrorBody(error: ProxyError): { error: { code: number; message: string; status: string } } {
  return { error: { code: error.status, message: error.message, status: STATUS[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT') } }
}

export function toGoogleErrorResponse(error: ProxyError): Response {
  return new Response(JSON.stringify(toGoogleErrorBody(error)), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.httpHeaders() },
  })
}
