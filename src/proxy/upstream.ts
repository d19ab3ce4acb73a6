import type { CallOptions } from '../core/call-options.js';
import type { ResolvedOptions } from './options.js';

export type UpstreamResult =
  | { ok: true; callId: string }
  | { ok: false; kind: 'unreachable' | 'timeout' | 'bad-response'; detail: string }
  | { ok: false; kind: 'provider'; code: string; message: string };

/** The provider's parameters for one call, credentials excepted: the legs come from configuration. */
export function callParameters(visitorNumber: string, callOptions: CallOptions, options: ResolvedOptions): Record<string, string> {
  const visitor = { number: visitorNumber, type: 'Number' };
  const business = { number: options.destination, type: options.destinationType };
  const [first, second] = options.callFirst === 'visitor' ? [visitor, business] : [business, visitor];
  const parameters: Record<string, string> = { from: first.number, to: second.number, fromType: first.type, toType: second.type };
  for (const [name, value] of Object.entries(callOptions)) {
    if (value !== undefined) parameters[name] = String(value);
  }
  return parameters;
}

/**
 * Asks the provider for one call. Every parameter travels in the query string, as the provider's
 * examples show. Never retried: a request that timed out may still have placed the call.
 */
export async function placeCall(parameters: Record<string, string>, options: ResolvedOptions): Promise<UpstreamResult> {
  const url = new URL(options.apiUrl);
  url.searchParams.set('user_id', options.userId);
  url.searchParams.set('token', options.token);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);

  const timeout = AbortSignal.timeout(options.upstreamTimeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await options.fetch(url, { method: 'POST', headers: { 'cache-control': 'no-cache' }, signal: timeout });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) return { ok: false, kind: 'timeout', detail: `no answer within ${options.upstreamTimeoutMs} ms` };
    // The error's text names the host at most; the URL with the token is never in it.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, kind: 'unreachable', detail: cause ?? (error as Error).name };
  }

  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, not JSON (${text.length} bytes)` };
  }
  const fields = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (fields['status'] === 'success') {
    const callId = fields['callid'] ?? fields['callId'];
    if (typeof callId === 'string' && callId !== '') return { ok: true, callId };
    return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, success without a call id` };
  }
  if (fields['status'] === 'error' && (typeof fields['code'] === 'string' || typeof fields['code'] === 'number')) {
    return { ok: false, kind: 'provider', code: String(fields['code']), message: String(fields['message'] ?? '') };
  }
  return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, unexpected JSON` };
}
