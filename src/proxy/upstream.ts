import { callOptionNames } from '../core/call-options.js';
import type { CallOptions } from '../core/call-options.js';
import type { ResolvedOptions } from './options.js';

/** Whether the provider may have placed the call: a retry must not risk a second one unless it is "no". */
export type Placed = 'yes' | 'no' | 'maybe';

export type UpstreamResult =
  | { ok: true; callId: string; placed: 'yes' }
  | { ok: false; kind: 'unreachable' | 'timeout' | 'bad-response'; detail: string; placed: Placed }
  | { ok: false; kind: 'provider'; code: string; message: string; placed: 'no' };

/** Connection errors that mean the request never reached the provider. */
const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The provider's parameters for one call, credentials excepted: the legs come from configuration. Always in the same order. */
export function callParameters(visitorNumber: string, callOptions: CallOptions, options: ResolvedOptions): Record<string, string> {
  const visitor = { number: visitorNumber, type: 'Number' };
  const business = { number: options.destination, type: options.destinationType };
  const [first, second] = options.callFirst === 'visitor' ? [visitor, business] : [business, visitor];
  const parameters: Record<string, string> = { from: first.number, to: second.number, fromType: first.type, toType: second.type };
  // In the order of the provider's parameter list, so that fingerprint() can hash them as they come.
  for (const name of callOptionNames) {
    const value = callOptions[name];
    if (value !== undefined) parameters[name] = String(value);
  }
  return parameters;
}

/** What every call sends besides its URL; read by fetch, never changed, so shared. */
const postInit: RequestInit = { method: 'POST', headers: { 'cache-control': 'no-cache' } };

/**
 * Returns what asks the provider for one call. Every parameter travels in the query string, as the
 * provider's examples show; the account's part of it is written once, here. Never retried: a
 * request that timed out may still have placed the call.
 */
export function providerCaller(options: ResolvedOptions): (parameters: Record<string, string>) => Promise<UpstreamResult> {
  const account = new URL(options.apiUrl);
  account.searchParams.set('user_id', options.userId);
  account.searchParams.set('token', options.token);
  account.hash = '';
  // Each searchParams.set() serialises the whole query again: the call's part is appended once.
  const base = account.href;
  // A fetch that bounds its own wait (the Node server's) gets no signal: fetch keeps every
  // signalled request alive until a full garbage collection.
  const selfTimed = options.fetch.timeoutMs !== undefined && options.fetch.timeoutMs <= options.upstreamTimeoutMs;
  return (parameters) => {
    let url = base;
    for (const name in parameters) url += `&${name}=${encodeURIComponent(parameters[name]!)}`;
    return placeCall(url, selfTimed, options);
  };
}

/** undici's codes for a wait that ran out in a fetch that bounds its own (ProviderFetch). */
const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const found = cause?.code ?? code;
  return typeof found === 'string' ? found : undefined;
}

async function placeCall(url: string, selfTimed: boolean, options: ResolvedOptions): Promise<UpstreamResult> {
  const { fetch, upstreamTimeoutMs } = options;
  // A controller and a timer rather than AbortSignal.timeout(), which costs Node far more per call.
  const timeout = selfTimed ? undefined : new AbortController();
  const timer = timeout && setTimeout(() => timeout.abort(), upstreamTimeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, timeout ? { ...postInit, signal: timeout.signal } : postInit);
    status = response.status;
    text = await response.text();
  } catch (error) {
    // Only the error's code is kept: its text could carry the URL, and the URL carries the token.
    const code = errorCode(error);
    if (timeout?.signal.aborted || (code !== undefined && timeoutCodes.has(code))) {
      if (code === 'UND_ERR_CONNECT_TIMEOUT') {
        return { ok: false, kind: 'timeout', detail: `no connection within ${upstreamTimeoutMs} ms`, placed: 'no' };
      }
      return { ok: false, kind: 'timeout', detail: `no answer within ${upstreamTimeoutMs} ms`, placed: 'maybe' };
    }
    return { ok: false, kind: 'unreachable', detail: code ?? (error as Error).name, placed: code && notSent.has(code) ? 'no' : 'maybe' };
  } finally {
    clearTimeout(timer);
  }

  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, not JSON (${text.length} bytes)`, placed: 'maybe' };
  }
  const fields = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (fields['status'] === 'success') {
    const callId = fields['callid'] ?? fields['callId'];
    if (typeof callId === 'string' && callId !== '') return { ok: true, callId, placed: 'yes' };
    return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, success without a call id`, placed: 'maybe' };
  }
  if (fields['status'] === 'error' && (typeof fields['code'] === 'string' || typeof fields['code'] === 'number')) {
    return { ok: false, kind: 'provider', code: String(fields['code']), message: String(fields['message'] ?? ''), placed: 'no' };
  }
  return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, unexpected JSON`, placed: 'maybe' };
}
