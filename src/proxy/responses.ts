import type { ProxyError, ProxySuccess } from '../core/contract.js';
import { messageFor } from '../core/server-messages.js';

const baseHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export interface ErrorDetails {
  field?: string | undefined;
  /** Replaces the visitor message for the code. */
  message?: string;
  /** Every schema issue, for clients that want more than the first. */
  issues?: { code: string; field: string | undefined }[];
  headers?: Record<string, string>;
}

/** An answer before it becomes a Response: what the idempotency record keeps. */
export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** The error code, for the log line; absent on success. */
  code?: string;
}

/** The answer's headers, the JSON ones included (none on an empty 204). */
export function headersOf(answer: Answer): Record<string, string> {
  return answer.body === '' ? answer.headers : { ...baseHeaders, ...answer.headers };
}

export function toResponse(answer: Answer): Response {
  return new Response(answer.body === '' ? null : answer.body, { status: answer.status, headers: headersOf(answer) });
}

export function emptyAnswer(status: number, headers: Record<string, string>): Answer {
  return { status, body: '', headers };
}

export function successAnswer(body: ProxySuccess, headers: Record<string, string> = {}): Answer {
  return { status: 200, body: JSON.stringify(body), headers };
}

/** The one error shape of design.md: status, code, a visitor-safe message and the field at fault. */
export function errorAnswer(status: number, code: string, details: ErrorDetails = {}): Answer {
  const body: ProxyError & { issues?: ErrorDetails['issues'] } = {
    status: 'error',
    code,
    message: details.message ?? messageFor(code),
  };
  if (details.field) body.field = details.field;
  if (details.issues && details.issues.length > 1) body.issues = details.issues;
  return { status, body: JSON.stringify(body), headers: details.headers ?? {}, code };
}


export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers };
}

/** An answer given before, for a request repeated under the same Idempotency-Key. */
export function replayed(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return { status, body, headers: { ...headers, 'Idempotent-Replayed': 'true' } };
}
