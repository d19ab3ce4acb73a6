/**
 * A call's status after the proxy accepted it, as `GET statusUrl` answers it and the element's
 * `ctc-call` event carries it (docs/contract.md, "The call's status").
 */

/** Not final: booked for later (`scheduled`), waiting to try again (`redial-scheduled`), or under way (`calling`). */
export const pendingCallStates = ['scheduled', 'redial-scheduled', 'calling'] as const;

/** Final: the call has ended, or will never be placed, and nothing changes its status any more. */
export const finalCallStates = ['completed', 'no-answer', 'busy', 'business-unavailable', 'failed', 'cancelled', 'unknown'] as const;

export type PendingCallState = (typeof pendingCallStates)[number];
export type FinalCallState = (typeof finalCallStates)[number];
export type CallState = PendingCallState | FinalCallState;

export interface CallStatus {
  /** The provider's id of the call; absent while a scheduled call waits, and new with each redial attempt. */
  callId?: string;
  state: CallState;
  /** True once the state can no longer change. */
  final: boolean;
  /** Seconds the visitor and the business talked, when the provider reported it. */
  talkSeconds?: number;
  /** The provider's `callStatus` code, when a report set the state. */
  providerStatus?: number;
  /** When a scheduled call, or the next redial attempt, will be placed (ISO 8601 with the business's offset). */
  scheduledAt?: string;
  /** Attempts placed so far: 1 for a call placed once, more after redials. */
  attempts?: number;
  /** Why a call ended without being placed, or why redialling stopped: an error code (`rate-limited-global`, `number-blocked`, …). */
  reason?: string;
  /** When the state last changed (ISO 8601). */
  updatedAt: string;
}

/** What a visitor agreed to, as the element sends it with `consent="required"`. */
export interface ConsentReceipt {
  /** The version of the consent text the page showed. */
  version: string;
  /** When the visitor agreed, as their browser says (ISO 8601); the proxy's own time is the log line's. */
  agreedAt?: string;
}

/**
 * What the proxy tells the site of a call (`onCallEvent`, and the webhooks made of it):
 * `requested` once the provider accepted a call or an attempt of it, then each state it enters.
 * Server-side only: it holds the visitor's number.
 */
export interface CallEvent {
  type: 'requested' | 'state';
  /** The provider's id of the attempt; absent while a booked call waits. */
  callId?: string;
  /** A booked call's id, on every event of that call. */
  scheduleId?: string;
  /** The visitor's number, E.164, for the site's own records. */
  phone: string;
  /** What the visitor agreed to, on `requested`, when the request said (`CTC_REQUIRE_CONSENT`). */
  consent?: ConsentReceipt;
  /** The call's status after the event. */
  status: CallStatus;
}
