import { callOptionNames } from '../../core/call-options.js';
import type { CallOptions } from '../../core/call-options.js';
import { credentialRedactor } from './redact.js';

/** How the handler reaches the provider: the platform's fetch, or a stand-in such as the simulator's. */
export type ProviderFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** What placing a call needs to know of the configuration. */
export interface ProviderSettings {
  apiUrl: string;
  userId: string;
  token: string;
  /** The business's leg: a number, agent id or group id. */
  destination: string;
  destinationType: 'Number' | 'Agent' | 'Group';
  /** Which leg is rung first. */
  callFirst: 'visitor' | 'destination';
  upstreamTimeoutMs: number;
  fetch: ProviderFetch;
}

/** Whether the provider may have placed the call: a retry must not risk a second one unless it is "no". */
export type Placed = 'yes' | 'no' | 'maybe';

export type ProviderResult =
  | { ok: true; callId: string; placed: 'yes' }
  | { ok: false; kind: 'unreachable' | 'timeout' | 'bad-response'; detail: string; placed: Placed }
  | { ok: false; kind: 'provider'; code: string; message: string; placed: 'no' };

/** Connection errors that mean the request never reached the provider. */
const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The provider's parameters for one call, credentials excepted: the legs come from configuration. */
export function callParameters(
  visitorNumber: string,
  callOptions: CallOptions,
  options: Pick<ProviderSettings, 'destination' | 'destinationType' | 'callFirst'>,
): Record<string, string> {
  const visitor = { number: visitorNumber, type: 'Number' };
  const business = { number: options.destination, type: options.destinationType };
  const [first, second] = options.callFirst === 'visitor' ? [visitor, business] : [business, visitor];
  const parameters: Record<string, string> = { from: first.number, to: second.number, fromType: first.type, toType: second.type };
  for (const name of callOptionNames) {
    const value = callOptions[name];
    if (value !== undefined) parameters[name] = String(value);
  }
  return parameters;
}

/**
 * Returns what asks the provider for one call. Every parameter travels in the query string, as the
 * provider's examples show. Never retried: a request that timed out may still have placed the call.
 */
export function providerCaller(options: ProviderSettings): (parameters: Record<string, string>) => Promise<ProviderResult> {
  const redact = credentialRedactor(options);
  return async (parameters) => {
    const url = new URL(options.apiUrl);
    url.hash = '';
    url.searchParams.set('user_id', options.userId);
    url.searchParams.set('token', options.token);
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    const result = await placeCall(url, options);
    if (result.ok) return result;
    // What the provider sends back may repeat the request, credentials and all.
    if (result.kind === 'provider') return { ...result, code: redact(result.code), message: redact(result.message) };
    return { ...result, detail: redact(result.detail) };
  };
}

function errorCode(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const found = cause?.code ?? code;
  return typeof found === 'string' ? found : undefined;
}

async function placeCall(url: URL, options: ProviderSettings): Promise<ProviderResult> {
  // A timer of our own rather than AbortSignal.timeout(), whose timer does not keep a process
  // alive: a script that only waits for the provider would exit mid-call.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.upstreamTimeoutMs);
  let status: number;
  let text: string;
  try {
    // A redirect is never followed: its target would get the URL, credentials included, and
    // could answer whatever it likes.
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'cache-control': 'no-cache' },
      redirect: 'manual',
      signal: timeout.signal,
    });
    status = response.status;
    if (status >= 300 && status < 400) {
      await response.body?.cancel();
      // The provider documents no redirect, so like any answer it does not document, it may
      // have placed the call: the limits stay spent and a retry of the key replays this answer.
      return { ok: false, kind: 'bad-response', detail: `HTTP ${status} redirect, not followed`, placed: 'maybe' };
    }
    text = await response.text();
  } catch (error) {
    if (timeout.signal.aborted)
      return { ok: false, kind: 'timeout', detail: `no answer within ${options.upstreamTimeoutMs} ms`, placed: 'maybe' };
    // Only the error's code is kept: its text could carry the URL, and the URL carries the token.
    const code = errorCode(error);
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
  if (fields.status === 'success') {
    const callId = fields.callid ?? fields.callId;
    if (typeof callId === 'string' && callId !== '') return { ok: true, callId, placed: 'yes' };
    return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, success without a call id`, placed: 'maybe' };
  }
  if (fields.status === 'error' && (typeof fields.code === 'string' || typeof fields.code === 'number')) {
    return { ok: false, kind: 'provider', code: String(fields.code), message: String(fields.message ?? ''), placed: 'no' };
  }
  return { ok: false, kind: 'bad-response', detail: `HTTP ${status}, unexpected JSON`, placed: 'maybe' };
}
