import type { ProxyErrorCode } from '../../core/codes.js';
import type { ProxyError } from '../../core/contract.js';
import { messageFor } from './messages.js';

/** An answer before it becomes a Response (or a Node response): what the idempotency record keeps. */
export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** The error code, for the log line; absent on success. */
  code?: string;
  /** A body that goes on arriving (Server-Sent Events), in place of `body`. Never kept by idempotency. */
  stream?: ReadableStream<Uint8Array>;
}

/**
 * The HTTP status of each of the proxy's codes, the contract's table (docs/contract.md). The
 * provider's own numeric codes reach the visitor only when they concern the visitor's input: 400.
 */
const statuses: Record<ProxyErrorCode, number> = {
  empty: 400,
  'not-a-number': 400,
  'too-short': 400,
  'too-long': 400,
  'unsupported-country': 400,
  'invalid-number': 400,
  'invalid-request': 400,
  'option-not-allowed': 400,
  'option-over-limit': 400,
  'invalid-json': 400,
  'consent-required': 400,
  'invalid-idempotency-key': 400,
  'number-type-not-allowed': 400,
  'origin-not-allowed': 403,
  'number-blocked': 403,
  'verification-failed': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'request-timeout': 408,
  'request-in-flight': 409,
  'idempotency-key-reused': 409,
  'duplicate-submission': 409,
  closed: 409,
  'invalid-time': 400,
  'slot-unavailable': 409,
  'not-cancellable': 409,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited-number': 429,
  'rate-limited-client': 429,
  'rate-limited-global': 429,
  'internal-error': 500,
  'upstream-unreachable': 502,
  'upstream-bad-response': 502,
  'upstream-error': 502,
  'provider-rejected': 502,
  'destination-unavailable': 503,
  'store-unavailable': 503,
  'verification-unavailable': 503,
  'upstream-timeout': 504,
};

/** The HTTP status an error code is answered with. */
export function statusOf(code: string): number {
  return statuses[code as ProxyErrorCode] ?? 400;
}

const jsonHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export interface ErrorDetails {
  field?: string | undefined;
  /** Every schema issue, for clients that want more than the first. */
  issues?: { code: string; field: string | undefined }[] | undefined;
  headers?: Record<string, string>;
  /** When the business opens next (ISO 8601 with its offset), for `closed`. */
  opensAt?: string | undefined;
}

/** The answer's headers, the JSON ones included (none on an empty 204). */
export function headersOf(answer: Answer): Record<string, string> {
  return answer.body === '' ? answer.headers : { ...jsonHeaders, ...answer.headers };
}

export function toResponse(answer: Answer): Response {
  return new Response(answer.stream ?? (answer.body === '' ? null : answer.body), { status: answer.status, headers: headersOf(answer) });
}

export function emptyAnswer(status: number, headers: Record<string, string>): Answer {
  return { status, body: '', headers };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers };
}

/** A plain-text answer, for the provider's push-report verification. */
export function textAnswer(status: number, text: string): Answer {
  return { status, body: text, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
}

/** An answer whose body is a stream of Server-Sent Events. */
export function eventStreamAnswer(stream: ReadableStream<Uint8Array>, headers: Record<string, string>): Answer {
  return {
    status: 200,
    body: '',
    stream,
    // X-Accel-Buffering: a reverse proxy such as nginx would otherwise hold the events back.
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', ...headers },
  };
}

/** The one error shape of the contract: a code, a visitor-safe message and the field at fault. */
export function errorAnswer(code: string, details: ErrorDetails = {}): Answer {
  const body: ProxyError & { issues?: ErrorDetails['issues']; opensAt?: string } = { status: 'error', code, message: messageFor(code) };
  if (details.field) body.field = details.field;
  if (details.issues && details.issues.length > 1) body.issues = details.issues;
  if (details.opensAt) body.opensAt = details.opensAt;
  return { status: statusOf(code), body: JSON.stringify(body), headers: details.headers ?? {}, code };
}

/** An answer given before, for a request repeated under the same Idempotency-Key. */
export function replayedAnswer(status: number, body: string, headers: Record<string, string>): Answer {
  return { status, body, headers: { ...headers, 'Idempotent-Replayed': 'true' } };
}

/** A Retry-After header for a wait in milliseconds: whole seconds, at least one. */
export function retryAfter(ms: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) };
}
