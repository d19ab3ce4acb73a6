import type { CallRequest } from '../core/call-options.js';
import { idempotencyHeader } from '../core/contract.js';
import type { ProxyError, ProxyScheduled, ProxySuccess } from '../core/contract.js';

export type CallOutcome =
  | { ok: true; response: ProxySuccess | ProxyScheduled }
  | {
      ok: false;
      code: string;
      /** The proxy's own visitor-safe message, when it sent one. */
      message?: string;
      field?: string;
      status?: number;
      retryAfter?: number;
      /** The call may have been placed: a retry must reuse the idempotency key. */
      uncertain: boolean;
    };

export interface CallRequestInit {
  url: string;
  body: CallRequest;
  idempotencyKey: string;
  timeoutMs: number;
  /** Aborts the request without an outcome, when the element leaves the page. */
  signal: AbortSignal;
}

/** A fresh random key. getRandomValues works on plain-http pages, where randomUUID does not exist. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isAnswer(value: unknown): value is ProxySuccess | ProxyScheduled | ProxyError {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  if (answer.status === 'success') return typeof answer.callId === 'string' && answer.callId !== '';
  if (answer.status === 'scheduled') return typeof answer.statusUrl === 'string';
  return answer.status === 'error' && typeof answer.code === 'string';
}

/** Posts one submission to the proxy and reads its answer as docs/contract.md says. */
export async function postCallRequest(init: CallRequestInit): Promise<CallOutcome> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(init.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [idempotencyHeader]: init.idempotencyKey },
      body: JSON.stringify(init.body),
      signal: AbortSignal.any([init.signal, timeout]),
    });
    text = await response.text();
  } catch (error) {
    if (init.signal.aborted) throw error;
    return { ok: false, code: timeout.aborted ? 'timeout' : 'network-error', uncertain: true };
  }

  const retryAfterHeader = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (!isAnswer(answer)) {
    const code = response.status >= 500 ? 'server-error' : 'bad-response';
    return { ok: false, code, status: response.status, uncertain: response.status >= 500 };
  }
  if (answer.status !== 'error') return { ok: true, response: answer };
  return {
    ok: false,
    code: answer.code,
    message: typeof answer.message === 'string' ? answer.message : undefined,
    field: typeof answer.field === 'string' ? answer.field : undefined,
    status: response.status,
    retryAfter,
    uncertain: response.status >= 500,
  };
}
