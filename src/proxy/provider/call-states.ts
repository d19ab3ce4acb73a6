import type { FinalCallState } from '../../core/call-status.js';

/**
 * The final state of each `callStatus` code of the provider's push report (reference: "Push
 * Report Webhook"), for each call order. The codes speak of legs: "from" is rung first, which is
 * the visitor when `callFirst` is `visitor` and the business when it is `destination`.
 *
 * - `completed`: both legs answered.
 * - `no-answer`: the visitor's leg did not answer. `busy`: it was busy.
 * - `business-unavailable`: the business's leg did not answer, failed, was busy or hung up in its
 *   queue, while the visitor's answered or was never rung (business first).
 * - `failed`: anything else, and every code that says nothing of the visitor's leg.
 */
export const callStateTable: Record<number, { visitorFirst: FinalCallState; businessFirst: FinalCallState }> = {
  3: { visitorFirst: 'completed', businessFirst: 'completed' }, // both answered
  4: { visitorFirst: 'no-answer', businessFirst: 'business-unavailable' }, // to answered, from unanswered
  5: { visitorFirst: 'failed', businessFirst: 'failed' }, // to answered: nothing said of from
  6: { visitorFirst: 'business-unavailable', businessFirst: 'no-answer' }, // to unanswered, from answered
  7: { visitorFirst: 'no-answer', businessFirst: 'business-unavailable' }, // from unanswered
  8: { visitorFirst: 'business-unavailable', businessFirst: 'no-answer' }, // to unanswered
  9: { visitorFirst: 'no-answer', businessFirst: 'no-answer' }, // both unanswered
  10: { visitorFirst: 'business-unavailable', businessFirst: 'failed' }, // from answered, to never connected
  11: { visitorFirst: 'failed', businessFirst: 'failed' }, // rejected
  12: { visitorFirst: 'failed', businessFirst: 'failed' }, // skipped
  13: { visitorFirst: 'failed', businessFirst: 'business-unavailable' }, // from failed
  14: { visitorFirst: 'business-unavailable', businessFirst: 'failed' }, // to failed, from answered
  15: { visitorFirst: 'business-unavailable', businessFirst: 'failed' }, // to failed
  16: { visitorFirst: 'failed', businessFirst: 'business-unavailable' }, // to answered, from failed
  17: { visitorFirst: 'busy', businessFirst: 'business-unavailable' }, // from busy
  18: { visitorFirst: 'failed', businessFirst: 'business-unavailable' }, // to answered, from not found
  19: { visitorFirst: 'busy', businessFirst: 'no-answer' }, // to unanswered, from busy
  20: { visitorFirst: 'business-unavailable', businessFirst: 'failed' }, // to hung up in queue
  21: { visitorFirst: 'business-unavailable', businessFirst: 'failed' }, // to hung up
};

/** The final state a report's `callStatus` means; `failed` for a code outside the table, or none. */
export function finalStateOf(callStatus: number | undefined, callFirst: 'visitor' | 'destination'): FinalCallState {
  const row = callStatus === undefined ? undefined : callStateTable[callStatus];
  if (!row) return 'failed';
  return callFirst === 'visitor' ? row.visitorFirst : row.businessFirst;
}
