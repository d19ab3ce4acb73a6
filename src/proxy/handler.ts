import type { ProxySuccess } from '../core/contract.js';
import { checkCallRequest } from './checks/call-request.js';
import type { CheckedCall } from './checks/call-request.js';
import { verifyRequest } from './checks/verification.js';
import { emptyAnswer, jsonAnswer, replayedAnswer, retryAfter, toResponse } from './http/answers.js';
import type { Answer } from './http/answers.js';
import { readJsonBody } from './http/body.js';
import { fromWebRequest } from './http/incoming.js';
import type { IncomingCall, RequestContext } from './http/incoming.js';
import { clientAddressOf } from './http/client-address.js';
import { logEntryFor, refused } from './http/log.js';
import type { LogNotes, Outcome, RequestLogEntry, RequestLogger } from './http/log.js';
import { checkOrigin, preflightHeaders } from './http/origin.js';
import { resolveOptions } from './options.js';
import type { ClickToCallOptions, ResolvedOptions } from './options.js';
import { EventWebhooks } from './business/webhooks.js';
import { claimKey, isValidIdempotencyKey, recordAnswer } from './protection/idempotency.js';
import { limitRules } from './protection/limits.js';
import { Reservation } from './protection/reservation.js';
import { StoreUnavailableError } from './protection/stores/store.js';
import { callParameters, providerCaller } from './provider/call.js';
import type { ProviderResult } from './provider/call.js';
import { providerOutcome } from './provider/outcome.js';
import { credentialRedactor } from './provider/redact.js';
import { availabilityRoute } from './business-routes.js';
import type { JobData } from './business/scheduler.js';
import { bookCall, placeWaitingAttempt, redialPolicy } from './callbacks.js';
import type { CallbackSettings } from './callbacks.js';
import type { CountedRule } from './protection/limits.js';
import { pushReportRoute, statusRoute } from './status-routes.js';
import { CallTracker } from './status/tracker.js';
import type { CallRecord } from './status/tracker.js';

export interface ClickToCallHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  /** The same handling without web Request and Response objects, for the Node listener. */
  handleIncoming(call: IncomingCall, context?: RequestContext): Promise<Answer>;
}

type Route = (call: IncomingCall, context: RequestContext, options: Pipeline) => Promise<Outcome>;

/** The resolved options and what is made of them once per handler. */
interface Pipeline extends ResolvedOptions {
  placeCall: (parameters: Record<string, string>) => Promise<ProviderResult>;
  tracker: CallTracker;
  callbacks: CallbackSettings;
}

/**
 * Creates the proxy's request handler: web-standard Request in, Response out, so it runs in an
 * edge runtime or inside any server; `nodeListener()` serves it on Node. The options are checked
 * here, once: a bad configuration throws a ConfigurationError naming the setting.
 *
 * @example
 * const handler = createClickToCallHandler({
 *   userId: process.env.SARV_USER_ID,
 *   token: process.env.SARV_TOKEN,
 *   destination: '9123456780',
 * });
 * const response = await handler(request, { clientAddress });
 */
export function createClickToCallHandler(input: ClickToCallOptions): ClickToCallHandler {
  const options = resolveOptions(input);
  // Every line, whatever it holds (an unexpected error's message, say), leaves without the credentials.
  const redact = credentialRedactor(
    options,
    [options.pushReportSecret, options.events?.secret].filter((secret) => secret !== undefined),
  );
  const log: RequestLogger = (entry) => {
    const line: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(entry)) line[name] = typeof value === 'string' ? redact(value) : value;
    options.log(line as unknown as RequestLogEntry);
  };
  const problem = (callId: string, detail: string) =>
    log({
      time: new Date().toISOString(),
      method: 'EVENT',
      path: 'call-status',
      status: 500,
      outcome: 'failed',
      code: 'internal-error',
      latencyMs: 0,
      callId,
      detail,
    });
  const { scheduler } = options;
  const webhooks = options.events ? new EventWebhooks(options.events, scheduler, problem) : undefined;
  const tracker = new CallTracker({
    store: options.statusStore,
    channel: options.statusChannel,
    statusTtlMs: options.statusTtlMs,
    outcomeTimeoutMs: options.outcomeTimeoutMs,
    local: (instant) => options.bookingHours.local(instant),
    redial: options.redial ? redialPolicy(options.redial, options.hours, scheduler) : undefined,
    onCallEvent:
      webhooks || options.onCallEvent
        ? (event) => {
            webhooks?.deliver(event);
            return options.onCallEvent?.(event);
          }
        : undefined,
    problem,
  });
  const placeCall = providerCaller(options);
  const callbacks: CallbackSettings = { ...options, tracker, scheduler, placeCall, problem };
  const pipeline: Pipeline = { ...options, placeCall, tracker, callbacks };
  // A job's runner logs what goes wrong and throws only for the scheduler to try it again later.
  const runJob = async (job: JobData) => {
    try {
      if (job.kind === 'place') await placeWaitingAttempt(job, callbacks);
      else await webhooks?.retry(job);
    } catch (error) {
      problem(job.kind === 'place' ? 'booked call' : job.callId, `${job.kind} job: ${(error as Error).message}`);
      throw error;
    }
  };
  scheduler.start(runJob).catch((error: Error) => problem('', `scheduler: ${error.message}`));
  const routes = new Map<string, Route>([
    [`${options.basePath}/call`, callRoute],
    [`${options.basePath}/healthz`, healthRoute],
    [`${options.basePath}/availability`, (call, _context, settings) => availabilityRoute(call, settings)],
  ]);
  /** Routes that end in a name of their own: a call's status token, the push-report secret. */
  const namedRoutes: [prefix: string, route: (call: IncomingCall, name: string, settings: Pipeline) => Promise<Outcome>][] = [
    [`${options.basePath}/status/`, statusRoute],
    [`${options.basePath}/push-report/`, pushReportRoute],
  ];
  const routeOf = (path: string): Route => {
    const exact = routes.get(path);
    if (exact) return exact;
    for (const [prefix, route] of namedRoutes) {
      if (path.startsWith(prefix)) return (call, _context, settings) => route(call, path.slice(prefix.length), settings);
    }
    return notFound;
  };

  async function handleIncoming(call: IncomingCall, context: RequestContext = {}): Promise<Answer> {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await routeOf(call.url.pathname)(call, context, pipeline);
    } catch (error) {
      outcome = { ...refused('internal-error'), detail: `unexpected: ${(error as Error).name}: ${(error as Error).message}` };
    }
    const { after, ...notes } = outcome;
    const logLine = (lineNotes: LogNotes) => log(logEntryFor(call, outcome.answer, lineNotes, performance.now() - started));
    if (!after) logLine(notes);
    else {
      const finished = after.then(
        (more) => logLine({ ...notes, ...more }),
        (error: Error) => logLine({ ...notes, detail: `after the answer: ${error.message}` }),
      );
      context.waitUntil?.(finished);
    }
    return outcome.answer;
  }

  async function handleClickToCall(request: Request, context: RequestContext = {}): Promise<Response> {
    return toResponse(await handleIncoming(fromWebRequest(request), context));
  }
  return Object.assign(handleClickToCall, { handleIncoming });
}

async function notFound(): Promise<Outcome> {
  return refused('not-found');
}

async function healthRoute(call: IncomingCall, _context: RequestContext, options: Pipeline): Promise<Outcome> {
  if (call.method !== 'GET' && call.method !== 'HEAD') return refused('method-not-allowed', { headers: { Allow: 'GET, HEAD' } });
  // Whether booked calls and webhook retries outlive a restart: only in the Redis queue.
  const scheduler = { kind: options.scheduler.kind, survivesRestart: options.scheduler.kind === 'redis' };
  return { answer: jsonAnswer(200, { status: 'ok', mode: options.mode, scheduler }) };
}

/** `POST /call` and its preflight, in the order of the checks; a refusal at any step places no call. */
async function callRoute(call: IncomingCall, context: RequestContext, options: Pipeline): Promise<Outcome> {
  if (call.method !== 'POST' && call.method !== 'OPTIONS') return refused('method-not-allowed', { headers: { Allow: 'POST, OPTIONS' } });
  const origin = checkOrigin(call, options);
  if (!origin.allowed) return refused('origin-not-allowed');
  const headers = origin.corsHeaders;
  if (call.method === 'OPTIONS') return { answer: emptyAnswer(204, { ...headers, ...preflightHeaders }) };

  const body = await readJsonBody(call, options.maxBodyBytes);
  if (!body.ok) return refused(body.code, { headers });
  const checked = checkCallRequest(body.json, options);
  const notes = { phone: checked.phone, consent: checked.ok ? checked.call.consent : undefined };
  if (!checked.ok) return { ...refused(checked.code, { field: checked.field, issues: checked.issues, headers }), ...notes };
  const { call: request } = checked;
  const clientAddress = clientAddressOf(call, context, options.trustProxy);
  const rules = limitRules(options.limits, options.doubleSubmitWindowMs, request.e164, clientAddress);
  const parameters = callParameters(request.upstreamNumber, request.callOptions, options);
  // Kept with the call's record for what may be placed later: the booked call, or a redial.
  const placement = { parameters, fromBrowser: [...request.fromBrowser] };

  if (typeof request.body.at === 'string') {
    // A booking: placed at its time, when the account's budget is counted (see callbacks.ts).
    const now = new Date();
    const at = new Date(request.body.at);
    if (!options.bookingHours.bookable(at, now, options.scheduleDays, options.scheduleStepMinutes)) {
      return { ...refused('slot-unavailable', { field: 'at', headers }), ...notes };
    }
    const booking = { phone: request.e164, consent: request.consent, scheduledAt: at, placement };
    const book = async () => {
      const answer = await bookCall(booking, (token) => statusPath(options, token), options.callbacks);
      return { outcome: { answer: jsonAnswer(202, answer, headers), detail: `booked for ${answer.scheduledAt}` }, release: false };
    };
    const outcome = await guarded(
      call,
      clientAddress,
      request,
      { ...parameters, at: at.toISOString() },
      rules.filter((rule) => rule.code !== 'rate-limited-global'),
      headers,
      options,
      book,
    );
    return { ...outcome, ...notes };
  }
  // Outside the hours nothing is held or placed; a valid request is told when to come back.
  const opening = options.hours?.at(new Date());
  if (opening && !opening.open) {
    return { ...refused('closed', { headers, opensAt: opening.opensAt && options.hours!.local(opening.opensAt) }), ...notes };
  }
  const place = async () => {
    const result = await options.placeCall(parameters);
    return { outcome: await answerCall(result, request, placement, headers, options), release: result.placed === 'no' };
  };
  return { ...(await guarded(call, clientAddress, request, parameters, rules, headers, options, place)), ...notes };
}

/** What a request that passed its protections does: place the call or book it; `release` when nothing was placed. */
type Proceed = () => Promise<{ outcome: Outcome; release: boolean }>;

/**
 * The protections that need the store, then `proceed`: the idempotency claim first (a retry is
 * answered from it, without spending its single-use CAPTCHA answer again), then verification,
 * then the double-submit window and the rate limits in one atomic hit. When the call was
 * certainly not placed, everything held is given back, so an honest retry starts afresh.
 */
async function guarded(
  call: IncomingCall,
  clientAddress: string,
  checked: CheckedCall,
  fingerprint: Record<string, string>,
  rules: CountedRule[],
  headers: Record<string, string>,
  options: Pipeline,
  proceed: Proceed,
): Promise<Outcome> {
  const key = call.header('Idempotency-Key');
  if (key !== null && !isValidIdempotencyKey(key)) return refused('invalid-idempotency-key', { headers });
  const { store } = options;
  const reservation = new Reservation(store);
  try {
    const claim = key === null ? undefined : await claimKey(store, key, fingerprint, options.idempotencyTtlMs);
    if (claim?.kind === 'refused') {
      return refused(claim.code, { headers: claim.code === 'request-in-flight' ? { ...headers, ...retryAfter(1000) } : headers });
    }
    if (claim?.kind === 'replay') return { answer: replayedAnswer(claim.status, claim.body, headers), detail: 'replayed' };
    if (claim) reservation.holdKey(claim.storeKey);

    const verdict = await verifyRequest(() => call.request(), checked.body, clientAddress, options);
    if (!verdict.ok) {
      await reservation.release();
      return { ...refused(verdict.code, { headers }), detail: verdict.detail };
    }

    const hit = await store.hit(rules);
    if (!hit.ok) {
      await reservation.release();
      return refused(rules[hit.rule]!.code, { headers: { ...headers, ...retryAfter(hit.retryAfterMs) } });
    }
    reservation.holdHits(rules, hit.receipt);

    const { outcome, release } = await proceed();
    if (release) await reservation.release();
    else if (claim) {
      // The call's answer matters more than the bookkeeping: a failure to keep it is only logged.
      const kept = await recordAnswer(store, claim, outcome.answer, options.idempotencyTtlMs).catch((error: Error) => error);
      if (kept instanceof Error) return { ...outcome, detail: [outcome.detail, `(store: ${kept.message})`].filter(Boolean).join(' ') };
    }
    return outcome;
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return { ...refused('store-unavailable', { headers: { ...headers, ...retryAfter(5000) } }), detail: error.message };
  }
}

/** Where a call's status is read (and a booked call cancelled): `{basePath}/status/{token}`. */
const statusPath = (options: Pick<Pipeline, 'basePath'>, token: string) => `${options.basePath}/status/${token}`;

/** The provider's answer as the contract's JSON shape; a placed call is tracked from here, and its answer says where. */
async function answerCall(
  result: ProviderResult,
  checked: CheckedCall,
  placement: NonNullable<CallRecord['placement']>,
  headers: Record<string, string>,
  options: Pipeline,
): Promise<Outcome> {
  const outcome = providerOutcome(result, options.callFirst === 'visitor' ? 'from' : 'to', checked.fromBrowser);
  if (!outcome.ok) return { ...refused(outcome.code, { field: outcome.field, headers }), detail: outcome.detail };
  const success: ProxySuccess = { status: 'success', callId: outcome.callId, ...(options.callerId ? { callerId: options.callerId } : {}) };
  // The call is placed whatever happens to its record: without one, the answer only lacks a statusUrl.
  const tracked = await options.tracker.start(outcome.callId, checked.e164, checked.consent, placement).catch((error: Error) => error);
  if (tracked instanceof Error) {
    return { answer: jsonAnswer(200, success, headers), callId: outcome.callId, detail: `status not kept: ${tracked.message}` };
  }
  success.statusUrl = statusPath(options, tracked.token);
  return { answer: jsonAnswer(200, success, headers), callId: outcome.callId };
}
