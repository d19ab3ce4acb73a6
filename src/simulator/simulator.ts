import { BackgroundTimers } from '../core/background-timers.js';
import { checkProviderQuery } from './rules.js';
import type { SimulatorAccount } from './rules.js';

/** Ways the simulator can be told to misbehave, for tests of the proxy's fault handling. */
export type Misbehaviour =
  | { kind: 'delay'; ms: number }
  /** Never answers; the caller's timeout must end the wait. */
  | { kind: 'hang' }
  | { kind: 'http-500' }
  | { kind: 'html' }
  /** Closes the connection without an answer. */
  | { kind: 'drop' }
  | { kind: 'no-callid' }
  /** Answers with a redirect to `location`, the request's query appended (as a moved server's rule would). */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };

/** A call the simulator accepted. */
export interface SimulatedCall {
  callId: string;
  from: string;
  to: string;
  fromType: string;
  toType: string;
  /** Every other parameter, credentials excepted. */
  options: Record<string, string>;
  at: Date;
}

/** Where and how the simulator reports each call it placed, as the provider's push-report webhook does. */
export interface PushReportSettings {
  /** The proxy's push-report URL, secret included. */
  url: string;
  /** How long after placing a call its report is sent, in ms. Default: 3000. */
  delayMs?: number;
  /** The proxy's CTC_CALL_FIRST, so that the reported codes speak of the visitor's leg rightly. Default: visitor. */
  callFirst?: 'visitor' | 'destination';
  /** `json` (default): one object; `array`: an array of one; `form`: a form post with `push_report=<json>`. */
  format?: 'json' | 'array' | 'form';
  /** Leave fields as an unconfigured panel template does: `{{%%recordings%%}}`, zero dates. */
  placeholders?: boolean;
}

/** How a simulated call ends, chosen by the last digit of the visitor's number (docs/proxy.md, "The simulator"). */
export type SimulatedOutcome = 'completed' | 'no-answer' | 'busy' | 'business-unavailable' | 'failed' | 'never-reported';

export const outcomeByLastDigit: readonly SimulatedOutcome[] = [
  'completed',
  'no-answer',
  'busy',
  'business-unavailable',
  'failed',
  'never-reported',
  'completed',
  'completed',
  'completed',
  'completed',
];

/**
 * The provider's `callStatus` for each outcome, by which leg is rung first ("from"). The
 * provider has no code for a busy visitor who is rung second: 19 (from busy, to unanswered) is
 * the nearest, and it reads no-answer.
 */
const reportedStatus: Record<'visitor' | 'destination', Record<Exclude<SimulatedOutcome, 'never-reported'>, number>> = {
  visitor: { completed: 3, 'no-answer': 7, busy: 17, 'business-unavailable': 6, failed: 13 },
  destination: { completed: 3, 'no-answer': 8, busy: 19, 'business-unavailable': 4, failed: 15 },
};

/** A push report the simulator sent, for tests. */
export interface SentReport {
  callId: string;
  callStatus: number;
  /** The response's HTTP status, or the error's message when the request failed. */
  answer: number | string;
}

/** The simulator's own account. Its token is made afresh in each process: not even a fake credential is written down. */
export const simulatorAccount: SimulatorAccount = {
  userId: '100000',
  token: `simulator-${crypto.randomUUID()}`,
  agents: ['101', '102', '103'],
  groups: ['1', '2'],
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** setTimeout's longest delay: "never", for a simulator that hangs until the caller gives up. */
const longestTimeout = 2 ** 31 - 1;

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * A stand-in for the provider's click-to-call endpoint: it checks what the real API checks and
 * answers with the documented shapes and codes, and a fresh call id per accepted call. Use
 * `handle` inside a server, `fetch` in place of the global fetch, or serveSimulator() on a port.
 *
 * @example
 * const simulator = new ProviderSimulator();
 * const handler = createClickToCallHandler({ ...simulator.account, destination: '9000000000', fetch: simulator.fetch });
 * // ... after a visitor's request: simulator.calls[0].from === '9876543210'
 */
export class ProviderSimulator {
  readonly account: SimulatorAccount;
  /** Calls accepted, oldest first. */
  readonly calls: SimulatedCall[] = [];
  /** Requests received, accepted or not. */
  requests = 0;
  misbehaviour: Misbehaviour | undefined;
  /** Where reports go; none are sent while unset. */
  pushReports: PushReportSettings | undefined;
  /** Reports sent, oldest first. */
  readonly reports: SentReport[] = [];
  readonly #reportTimers = new BackgroundTimers();
  #sequence = 0;

  constructor(account: Partial<SimulatorAccount> = {}) {
    this.account = { ...simulatorAccount, ...account };
  }

  misbehave(misbehaviour: Misbehaviour | undefined): void {
    this.misbehaviour = misbehaviour;
  }

  reset(): void {
    this.calls.length = 0;
    this.reports.length = 0;
    this.requests = 0;
    this.misbehaviour = undefined;
    this.#reportTimers.clear();
  }

  /** Reports `call` after the configured delay, unless its outcome is never to be reported. */
  #scheduleReport(call: SimulatedCall): void {
    const settings = this.pushReports;
    if (!settings) return;
    const callFirst = settings.callFirst ?? 'visitor';
    const visitor = callFirst === 'visitor' ? call.from : call.to;
    const outcome = outcomeByLastDigit[Number(visitor.at(-1))] ?? 'completed';
    if (outcome === 'never-reported') return;
    const callStatus = reportedStatus[callFirst][outcome];
    this.#reportTimers.after(settings.delayMs ?? 3000, () => void this.#sendReport(settings, call, callStatus));
  }

  async #sendReport(settings: PushReportSettings, call: SimulatedCall, callStatus: number): Promise<void> {
    const talked = callStatus === 3;
    const placeholder = (value: string) => (settings.placeholders ? value : undefined);
    const ended = new Date();
    const stamp = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');
    const report = {
      callId: call.callId,
      cType: 'CTC',
      callStatus,
      masterNumCTC: call.from,
      cNumber: call.to,
      firstAttended: talked ? 'from' : null,
      firstAnswerTime: talked ? stamp(call.at) : (placeholder('0000-00-00 00:00:00') ?? null),
      lastHangupTime: placeholder('0') ?? stamp(ended),
      talkDuration: talked ? String(Math.max(1, Math.round((ended.getTime() - call.at.getTime()) / 1000))) : '0',
      ivrSTime: stamp(call.at),
      ivrETime: stamp(ended),
      recordings: placeholder('{{%%recordings%%}}') ?? [],
    };
    const format = settings.format ?? 'json';
    const body =
      format === 'form'
        ? `push_report=${encodeURIComponent(JSON.stringify(report))}`
        : JSON.stringify(format === 'array' ? [report] : report);
    const contentType = format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
    try {
      const response = await fetch(settings.url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
      await response.arrayBuffer();
      this.reports.push({ callId: call.callId, callStatus, answer: response.status });
    } catch (error) {
      this.reports.push({ callId: call.callId, callStatus, answer: (error as Error).message });
    }
  }

  #newCallId(): string {
    const random = Math.random().toString(36).slice(2, 9).padEnd(7, '0');
    return `${random}${Date.now()}${String(++this.#sequence).padStart(6, '0')}`;
  }

  /** Answers one request; `hang` and `drop` are up to the transport (see `fetch` and server.ts). */
  async handle(request: Request): Promise<Response> {
    this.requests += 1;
    const misbehaviour = this.misbehaviour;
    if (misbehaviour?.kind === 'delay') await wait(misbehaviour.ms, request.signal);
    if (misbehaviour?.kind === 'http-500') return new Response('Internal Server Error', { status: 500 });
    if (misbehaviour?.kind === 'redirect') {
      const location = `${misbehaviour.location}${new URL(request.url).search}`;
      return new Response(null, { status: misbehaviour.status, headers: { Location: location } });
    }
    if (misbehaviour?.kind === 'html') {
      return new Response('<!doctype html><title>Maintenance</title><h1>Back soon</h1>', {
        status: 200,
        headers: { 'Content-Type': 'text/html' },
      });
    }
    const url = new URL(request.url);
    if (request.method !== 'POST' || !url.pathname.endsWith('/clickToCall/para')) {
      return json(404, { status: 'error', code: '404', message: 'Not found' });
    }
    const query = url.searchParams;
    const refusal = checkProviderQuery(query, this.account);
    if (refusal) return json(200, { message: refusal.message, status: 'error', code: refusal.code });
    if (misbehaviour?.kind === 'no-callid') return json(200, { status: 'success', code: '200' });

    const callId = this.#newCallId();
    const options = Object.fromEntries(
      [...query].filter(([name]) => !['user_id', 'token', 'from', 'to', 'fromType', 'toType'].includes(name)),
    );
    const call: SimulatedCall = {
      callId,
      from: query.get('from')!,
      to: query.get('to')!,
      fromType: query.get('fromType') ?? 'Number',
      toType: query.get('toType') ?? 'Number',
      options,
      at: new Date(),
    };
    this.calls.push(call);
    this.#scheduleReport(call);
    return json(200, { callid: callId, status: 'success', code: '200' });
  }

  /** A fetch that reaches this simulator in process, failing as a network would for `hang` and `drop`. */
  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (this.misbehaviour?.kind === 'drop') {
      this.requests += 1;
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    }
    if (this.misbehaviour?.kind === 'hang') {
      this.requests += 1;
      await wait(longestTimeout, request.signal);
    }
    return this.handle(request);
  };
}
