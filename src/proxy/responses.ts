import type { ProxyError, ProxySuccess } from '../core/contract.js';
import { messageFor } from '../core/messages.js';

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

export function jsonSuccess(body: ProxySuccess, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { ...baseHeaders, ...headers } });
}

/** The one error shape of design.md: status, code, a visitor-safe message and the field at fault. */
export function jsonError(status: number, code: string, details: ErrorDetails = {}): Response {
  const body: ProxyError & { issues?: ErrorDetails['issues'] } = {
    status: 'error',
    code,
    message: details.message ?? messageFor(code),
  };
  if (details.field) body.field = details.field;
  if (details.issues && details.issues.length > 1) body.issues = details.issues;
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders, ...details.headers } });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders, ...headers } });
}
