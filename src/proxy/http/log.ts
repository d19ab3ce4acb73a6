import type { ConsentReceipt } from '../../core/call-status.js';
import { errorAnswer } from './answers.js';
import type { Answer, ErrorDetails } from './answers.js';
import type { IncomingCall } from './incoming.js';

/** One structured line per request. Never holds the token or a whole phone number. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  outcome: 'success' | 'refused' | 'failed';
  code?: string;
  latencyMs: number;
  /** The visitor's number, masked. */
  phone?: string;
  callId?: string;
  origin?: string;
  /** What the visitor agreed to, when the request said: `version 2026-01, agreed 2026-12-02T05:30:00.000Z`. */
  consent?: string;
  /** What the visitor was not told: the provider's code and message for an account fault, say. */
  detail?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

interface NodeLikeProcess {
  stderr?: { write(text: string): unknown };
  on?(event: 'exit', listener: () => void): unknown;
}
const nodeProcess = (globalThis as { process?: NodeLikeProcess }).process;
const stderr = nodeProcess?.stderr;
const later: (work: () => void) => unknown = (globalThis as { setImmediate?: (work: () => void) => unknown }).setImmediate ?? setTimeout;

/**
 * Lines for stderr, written together once the event loop's turn ends. Under a flood many requests
 * end in one turn, and a write (a system call, and its stream's bookkeeping) per line cost more
 * than the rest of the line. A line waits at most for the turn's end; the lines still waiting
 * when the process exits are written then. A flush is due exactly while lines wait.
 */
const waiting: string[] = [];
let exitHooked = false;
function flush(): void {
  if (waiting.length === 0) return;
  const text = waiting.join('');
  waiting.length = 0;
  stderr!.write(text);
}
function writeLine(line: string): void {
  if (!exitHooked) {
    exitHooked = true;
    nodeProcess?.on?.('exit', flush);
  }
  if (waiting.push(line) === 1) later(flush);
}

/**
 * The default: one JSON line per request, on stderr where there is one (Node, Bun, Deno), else
 * through console.error, the log of edge runtimes. Straight to stderr, since console.error's
 * formatting was a tenth of what refusing a flood costs (bench:refusals).
 */
export const jsonLineLogger: RequestLogger = stderr
  ? (entry) => writeLine(`${JSON.stringify(entry)}\n`)
  : (entry) => console.error(JSON.stringify(entry));

/**
 * Shows enough of a number to tell two apart in a log, and not enough to call it.
 *
 * @example
 * maskPhone('+91 98765 43210'); // '91********10'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/** What a request's log line says besides its answer. */
export interface LogNotes {
  /** The number as the visitor typed it; the line shows it masked. */
  phone?: string | undefined;
  callId?: string;
  /** The consent receipt, for a request that carried one. */
  consent?: ConsentReceipt | undefined;
  /** What the visitor was not told: the provider's code and message, a store's failure. */
  detail?: string | undefined;
}

/** What the handler decided for one request: the answer, and what its log line says besides. */
export interface Outcome extends LogNotes {
  answer: Answer;
  /**
   * Work that goes on after the answer (a push report's processing): the log line waits for it
   * and adds what it says, the answer does not.
   */
  after?: Promise<LogNotes>;
}

/** A route's refusal: the contract's error answer, and nothing more to log. */
export function refused(code: string, details?: ErrorDetails): Outcome {
  return { answer: errorAnswer(code, details) };
}

/** The one log line of a request. */
export function logEntryFor(call: IncomingCall, answer: Answer, notes: LogNotes, latencyMs: number): RequestLogEntry {
  const entry: RequestLogEntry = {
    time: new Date().toISOString(),
    method: call.method,
    path: call.url.pathname,
    status: answer.status,
    outcome: answer.status < 300 ? 'success' : answer.status < 500 ? 'refused' : 'failed',
    latencyMs: Math.round(latencyMs * 10) / 10,
  };
  const origin = call.header('Origin');
  if (answer.code) entry.code = answer.code;
  if (notes.phone !== undefined) entry.phone = maskPhone(notes.phone);
  if (notes.callId) entry.callId = notes.callId;
  if (origin) entry.origin = origin;
  if (notes.consent)
    entry.consent = `version ${notes.consent.version}${notes.consent.agreedAt ? `, agreed ${notes.consent.agreedAt}` : ''}`;
  if (notes.detail) entry.detail = notes.detail;
  return entry;
}
