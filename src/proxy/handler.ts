import { parseCallRequest } from '../core/schema.js';
import { maskPhone } from './log.js';
import type { RequestLogEntry } from './log.js';
import { checkOrigin, preflightHeaders } from './origin.js';
import { resolveOptions } from './options.js';
import type { ClickToCallOptions } from './options.js';
import { readVisitorPhone } from './phone.js';
import { applyCallPolicy } from './policy.js';
import { classifyProviderCode } from './provider-codes.js';
import type { VisitorLeg } from './provider-codes.js';
import { fingerprint, isValidIdempotencyKey, limitRules, Reservation } from './protection.js';
import type { IdempotencyRecord } from './protection.js';
import { fromWebRequest } from './incoming.js';
import type { IncomingCall } from './incoming.js';
import { emptyAnswer, errorAnswer, json, replayed, successAnswer, toResponse } from './responses.js';
import { screenNumber } from './screening.js';
import { StoreUnavailableError } from './stores/store.js';
import { verifyRequest } from './verification.js';
import type { Answer, ErrorDetails } from './responses.js';
import { callParameters, providerCaller } from './upstream.js';
import type { UpstreamResult } from './upstream.js';

/** What the server around the handler knows of a request and the request itself does not say. */
export interface RequestContext {
  /** The client's address as the socket sees it (Node), or as the platform reports it (CF-Connecting-IP, ...). */
  clientAddress?: string | undefined;
}

export interface ClickToCallHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** The same handling without web Request and Response objects, for the Node listener (node.ts). */
  handleIncoming(call: IncomingCall, context?: RequestContext): Promise<Answer>;
}

/** What the handler learns of a request, for its log line. */
type Notes = Partial<Pick<RequestLogEntry, 'code' | 'phone' | 'callId' | 'detail' | 'origin'>>;

/** An error answer whose code also goes into the request's log line. */
function refuse(notes: Notes, status: number, code: string, details?: ErrorDetails): Answer {
  notes.code = code;
  return errorAnswer(status, code, details);
}

type BodyRead = { ok: true; text: string } | { ok: false; code: 'body-too-large' | 'invalid-json' | 'invalid-request' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readLimitedBody(call: IncomingCall, limit: number): Promise<BodyRead> {
  let bytes: Uint8Array | 'too-large';
  try {
    bytes = await call.body(limit);
  } catch {
    // The client went away mid-body: nobody will read the answer, but the log line says what happened.
    return { ok: false, code: 'invalid-request' };
  }
  if (bytes === 'too-large') return { ok: false, code: 'body-too-large' };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, code: 'invalid-json' };
  }
}

/** Seconds for a Retry-After header: whole, and at least one. */
const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });

function isJson(call: IncomingCall): boolean {
  const mediaType = call.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Creates the proxy's request handler: web-standard Request in, Response out, so it runs in an
 * edge runtime or inside any server; node.ts serves it on Node without the web objects. The
 * options are checked here,
 * once: a bad configuration throws a ConfigurationError naming the setting.
 */
export function createClickToCallHandler(input: ClickToCallOptions): ClickToCallHandler {
  const options = resolveOptions(input);
  const callPath = `${options.basePath}/call`;
  const healthPath = `${options.basePath}/healthz`;
  const visitorLeg: VisitorLeg = options.callFirst === 'visitor' ? 'from' : 'to';
  const placeCall = providerCaller(options);
  const verifies = options.verify !== undefined || Object.values(options.captcha).some(Boolean);
  const passed = { ok: true } as const;

  /**
   * Behind a trusted reverse proxy, the last X-Forwarded-For entry: the address that proxy saw.
   * Earlier entries are the client's own say and prove nothing. Without any address, all such
   * requests share one per-client limit, which errs on the side of refusing.
   */
  function clientAddressOf(call: IncomingCall, context: RequestContext): string {
    if (options.trustProxy) {
      const forwarded = call.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return context.clientAddress ?? 'unknown';
  }

  async function placeVisitorCall(call: IncomingCall, context: RequestContext, notes: Notes): Promise<Answer> {
    const origin = checkOrigin(call, options);
    if (!origin.allowed) return refuse(notes, 403, 'origin-not-allowed');
    const cors = origin.corsHeaders;
    if (!isJson(call)) return refuse(notes, 415, 'unsupported-media-type', { headers: cors });

    const read = await readLimitedBody(call, options.maxBodyBytes);
    if (!read.ok) return refuse(notes, read.code === 'body-too-large' ? 413 : 400, read.code, { headers: cors });
    let raw: unknown;
    try {
      raw = JSON.parse(read.text);
    } catch {
      return refuse(notes, 400, 'invalid-json', { headers: cors });
    }

    const parsed = parseCallRequest(raw);
    if (!parsed.ok) {
      const [first] = parsed.issues;
      return refuse(notes, 400, first!.code, { field: first!.field, issues: parsed.issues, headers: cors });
    }
    const phone = readVisitorPhone(parsed.body.phone, options);
    notes.phone = maskPhone(parsed.body.phone);
    if (!phone.ok) return refuse(notes, 400, phone.reason, { field: 'phone', headers: cors });
    const policy = applyCallPolicy(parsed.body, options);
    if (!policy.ok) return refuse(notes, 400, policy.code, { field: policy.field, headers: cors });

    const screening = screenNumber(phone.e164, phone.type, options);
    if (!screening.ok) {
      return refuse(notes, screening.code === 'number-blocked' ? 403 : 400, screening.code, { field: 'phone', headers: cors });
    }
    const idempotencyKey = call.header('Idempotency-Key');
    if (idempotencyKey !== null && !isValidIdempotencyKey(idempotencyKey)) {
      return refuse(notes, 400, 'invalid-idempotency-key', { headers: cors });
    }
    const parameters = callParameters(phone.upstream, policy.callOptions, options);
    try {
      return await guardedCall({
        call,
        body: parsed.body,
        e164: phone.e164,
        parameters,
        fromBrowser: policy.fromBrowser,
        idempotencyKey,
        clientAddress: clientAddressOf(call, context),
        cors,
        notes,
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      notes.detail = error.message;
      return refuse(notes, 503, 'store-unavailable', { headers: { ...cors, ...retryAfter(5000) } });
    }
  }

  interface CallAttempt {
    call: IncomingCall;
    body: Record<string, unknown>;
    e164: string;
    parameters: Record<string, string>;
    /** The call options the browser set, so a provider fault in one of them is reported as the visitor's. */
    fromBrowser: readonly string[];
    idempotencyKey: string | null;
    clientAddress: string;
    cors: Record<string, string>;
    notes: Notes;
  }

  /**
   * The protections that need the store, then the call: the idempotency claim first (a retry is
   * answered from it, without spending its single-use CAPTCHA answer again), then verification,
   * then the double-submit window and the rate limits in one atomic hit (one round trip to Redis).
   * When the call is certainly not placed, everything held is given back.
   */
  async function guardedCall(attempt: CallAttempt): Promise<Answer> {
    const { store } = options;
    const { notes, cors, idempotencyKey } = attempt;
    const reservation = new Reservation(store);
    const print = idempotencyKey === null ? '' : await fingerprint(attempt.parameters);
    const recordKey = `idempotency:${idempotencyKey}`;
    if (idempotencyKey !== null) {
      const inFlight: IdempotencyRecord = { state: 'in-flight', fingerprint: print };
      const claim = await store.claim(recordKey, JSON.stringify(inFlight), options.idempotencyTtlMs);
      if (!claim.claimed) {
        const record = JSON.parse(claim.value) as IdempotencyRecord;
        if (record.fingerprint !== print) return refuse(notes, 409, 'idempotency-key-reused', { headers: cors });
        if (record.state === 'in-flight') return refuse(notes, 409, 'request-in-flight', { headers: { ...cors, ...retryAfter(1000) } });
        notes.detail = 'replayed';
        return replayed(record.status, record.body, cors);
      }
      reservation.holdKey(recordKey);
    }

    const verdict = verifies ? await verifyRequest(attempt.call, attempt.body, options.captcha, options.verify, attempt.clientAddress) : passed;
    if (!verdict.ok) {
      await reservation.release();
      notes.detail = verdict.detail;
      const status = verdict.code === 'verification-failed' ? 403 : 503;
      return refuse(notes, status, verdict.code, { headers: cors });
    }

    const rules = limitRules(options.limits, options.doubleSubmitWindowMs, attempt.e164, attempt.clientAddress);
    const hit = await store.hit(rules);
    if (!hit.ok) {
      await reservation.release();
      const { status, code } = rules[hit.rule]!;
      return refuse(notes, status, code, { headers: { ...cors, ...retryAfter(hit.retryAfterMs) } });
    }
    reservation.holdHits(rules, hit.receipt);

    const result = await placeCall(attempt.parameters);
    const answer = answerFor(result, attempt);
    if (answer.code) notes.code = answer.code;
    if (result.placed === 'no') await reservation.release();
    else if (idempotencyKey !== null) {
      try {
        const done: IdempotencyRecord = { state: 'done', fingerprint: print, status: answer.status, body: answer.body };
        await store.put(recordKey, JSON.stringify(done), options.idempotencyTtlMs);
      } catch (error) {
        // The call's answer matters more than the bookkeeping: say what happened, note the rest.
        notes.detail = `${notes.detail ?? ''} (store: ${(error as Error).message})`.trim();
      }
    }
    return answer;
  }

  /** The provider's answer as the contract's JSON shape. */
  function answerFor(result: UpstreamResult, { notes, cors, fromBrowser }: CallAttempt): Answer {
    if (result.ok) {
      notes.callId = result.callId;
      return successAnswer({ status: 'success', callId: result.callId }, cors);
    }
    if (result.kind !== 'provider') {
      notes.detail = result.detail;
      const [status, code] = {
        unreachable: [502, 'upstream-unreachable'],
        timeout: [504, 'upstream-timeout'],
        'bad-response': [502, 'upstream-bad-response'],
      }[result.kind] as [number, string];
      return errorAnswer(status, code, { headers: cors });
    }
    notes.detail = `provider ${result.code}: ${result.message}`;
    const fault = classifyProviderCode(result.code, visitorLeg, fromBrowser);
    if (fault.kind === 'visitor') return errorAnswer(400, result.code, { field: fault.field, headers: cors });
    return errorAnswer(fault.status, fault.code, { headers: cors });
  }

  async function route(call: IncomingCall, context: RequestContext, path: string, notes: Notes): Promise<Answer> {
    if (path === healthPath) {
      if (call.method !== 'GET' && call.method !== 'HEAD') {
        return refuse(notes, 405, 'method-not-allowed', { headers: { Allow: 'GET, HEAD' } });
      }
      return json(200, { status: 'ok', mode: options.mode });
    }
    if (path !== callPath) return refuse(notes, 404, 'not-found');
    if (call.method === 'OPTIONS') {
      const origin = checkOrigin(call, options);
      if (!origin.allowed) return refuse(notes, 403, 'origin-not-allowed');
      return emptyAnswer(204, { ...origin.corsHeaders, ...preflightHeaders });
    }
    if (call.method !== 'POST') return refuse(notes, 405, 'method-not-allowed', { headers: { Allow: 'POST, OPTIONS' } });
    return placeVisitorCall(call, context, notes);
  }

  async function handleIncoming(call: IncomingCall, context: RequestContext = {}): Promise<Answer> {
    const started = performance.now();
    const path = call.url.pathname;
    const notes: Notes = {};
    const origin = call.header('Origin');
    if (origin) notes.origin = origin;
    let answer: Answer;
    try {
      answer = await route(call, context, path, notes);
    } catch (error) {
      notes.detail = `unexpected: ${(error as Error).name}: ${(error as Error).message}`;
      answer = refuse(notes, 500, 'internal-error');
    }
    options.log({
      time: new Date().toISOString(),
      method: call.method,
      path,
      status: answer.status,
      outcome: answer.status < 300 ? 'success' : answer.status < 500 ? 'refused' : 'failed',
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      ...notes,
    });
    return answer;
  }

  async function handleClickToCall(request: Request, context: RequestContext = {}): Promise<Response> {
    return toResponse(await handleIncoming(fromWebRequest(request), context));
  }
  return Object.assign(handleClickToCall, { handleIncoming });
}
