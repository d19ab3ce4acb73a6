import { emptyAnswer, eventStreamAnswer, jsonAnswer, retryAfter, textAnswer } from './http/answers.js';
import type { IncomingCall } from './http/incoming.js';
import { refused } from './http/log.js';
import type { LogNotes, Outcome } from './http/log.js';
import { checkOrigin } from './http/origin.js';
import type { OriginPolicy } from './http/origin.js';
import { StoreUnavailableError } from './protection/stores/store.js';
import { finalStateOf } from './provider/call-states.js';
import { readPushReports } from './provider/push-report.js';
import type { PushReport } from './provider/push-report.js';
import type { Scheduler } from './business/scheduler.js';
import { cancelCall } from './callbacks.js';
import { statusEvents } from './status/stream.js';
import type { CallTracker } from './status/tracker.js';

/** What the routes after a call need of the handler's options. */
export interface StatusRouteSettings extends OriginPolicy {
  tracker: CallTracker;
  scheduler: Scheduler;
  pushReportSecret: string | undefined;
  callFirst: 'visitor' | 'destination';
  outcomeTimeoutMs: number;
}

/** The provider's panel marks a webhook URL working only when it answers exactly this. */
const verificationAnswer = 'GODBLESSYOU';
/** Panels send one report per call, or a few in an array: far below this. */
export const maxPushReportBytes = 65_536;

const statusTokenPattern = /^[\w-]{24}$/;

/** A comparison whose time does not tell how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) difference |= given.charCodeAt(index) ^ expected.charCodeAt(index);
  return difference === 0;
}

const statusMethods = ['GET', 'HEAD', 'DELETE', 'OPTIONS'];
const allowed = statusMethods.join(', ');

/**
 * `GET|HEAD {basePath}/status/{token}`: the call's status as JSON, or as Server-Sent Events for
 * `Accept: text/event-stream`. `DELETE` cancels a call that waits for its time (the answer's
 * `cancelUrl` is this URL): 200 with the `cancelled` status, or 409 `not-cancellable` once it
 * is placed or over. CORS as for `/call`; an unknown or expired token is 404 not-found.
 */
export async function statusRoute(call: IncomingCall, token: string, settings: StatusRouteSettings): Promise<Outcome> {
  if (!statusMethods.includes(call.method)) return refused('method-not-allowed', { headers: { Allow: allowed } });
  const origin = checkOrigin(call, settings);
  if (!origin.allowed) return refused('origin-not-allowed');
  const headers = origin.corsHeaders;
  if (call.method === 'OPTIONS') {
    return { answer: emptyAnswer(204, { ...headers, 'Access-Control-Allow-Methods': allowed, 'Access-Control-Max-Age': '600' }) };
  }
  if (!statusTokenPattern.test(token)) return refused('not-found', { headers });
  let record: Awaited<ReturnType<CallTracker['read']>>;
  try {
    if (call.method === 'DELETE') {
      const cancelled = await cancelCall(token, settings);
      if (!cancelled.ok) return refused(cancelled.code, { headers });
      return { answer: jsonAnswer(200, cancelled.record.status, headers), detail: `cancelled ${cancelled.record.scheduleId ?? ''}`.trim() };
    }
    record = await settings.tracker.read(token);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return { ...refused('store-unavailable', { headers: { ...headers, ...retryAfter(5000) } }), detail: error.message };
  }
  if (!record) return refused('not-found', { headers });
  const callId = record.status.callId ?? record.scheduleId;
  if (call.header('Accept')?.includes('text/event-stream') && call.method === 'GET') {
    return { answer: eventStreamAnswer(statusEvents(settings.tracker, record, settings.outcomeTimeoutMs), headers), callId };
  }
  return { answer: jsonAnswer(200, record.status, headers), callId };
}

/**
 * `GET|POST {basePath}/push-report/{secret}`: the provider's report of an ended call. The right
 * secret is answered `GODBLESSYOU` at once, whatever the body holds, and the reports it carries
 * are applied after the answer; any other secret is the 404 of any unknown path.
 */
export async function pushReportRoute(call: IncomingCall, secret: string, settings: StatusRouteSettings): Promise<Outcome> {
  if (settings.pushReportSecret === undefined || !sameSecret(secret, settings.pushReportSecret)) return refused('not-found');
  if (call.method !== 'GET' && call.method !== 'POST') return refused('method-not-allowed', { headers: { Allow: 'GET, POST' } });
  const answer = textAnswer(200, verificationAnswer);
  if (call.method === 'GET') return { answer, detail: 'push-report URL checked' };
  const bytes = await call.body(maxPushReportBytes).catch(() => undefined);
  if (bytes === undefined) return { answer, detail: 'push report unread: the request ended before its body' };
  if (bytes === 'too-large') return { answer, detail: `push report over ${maxPushReportBytes / 1024} KB: ignored` };
  const reading = readPushReports(new TextDecoder().decode(bytes));
  if (!reading.ok) return { answer, detail: `push report ignored: ${reading.problem}` };
  if (reading.reports.length === 0) return { answer, detail: 'push report without a call id: ignored' };
  return { answer, after: applyReports(reading.reports, settings) };
}

/** Ends each reported call; what became of each goes into the request's log line. */
async function applyReports(reports: PushReport[], settings: StatusRouteSettings): Promise<LogNotes> {
  const said: string[] = [];
  for (const report of reports) {
    const state = finalStateOf(report.callStatus, settings.callFirst);
    try {
      const ended = await settings.tracker.end(report.callId, {
        state,
        talkSeconds: report.talkSeconds,
        providerStatus: report.callStatus,
      });
      said.push(
        ended.change === 'ended'
          ? `${report.callId} ${state} (callStatus ${report.callStatus ?? 'absent'})`
          : ended.change === 'already-ended'
            ? `${report.callId} had ended already: ignored`
            : `${report.callId} is not a call of this proxy: ignored`,
      );
    } catch (error) {
      said.push(`${report.callId} not applied: ${(error as Error).message}`);
    }
  }
  return { callId: reports[0]!.callId, detail: `push report: ${said.join('; ')}` };
}
