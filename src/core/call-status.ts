/**
 * A call's status after the proxy accepted it, as `GET statusUrl` answers it and the element's
 * `ctc-call` event carries it (docs/contract.md, "The call's status").
 */

/** Not final: the call is under way. */
export const pendingCallStates = ['calling'] as const;

/** Final: the call has ended, and nothing changes its status any more. */
export const finalCallStates = ['completed', 'no-answer', 'busy', 'business-unavailable', 'failed', 'unknown'] as const;

export type PendingCallState = (typeof pendingCallStates)[number];
export type FinalCallState = (typeof finalCallStates)[number];
export type CallState = PendingCallState | FinalCallState;

export interface CallStatus {
  callId: string;
  state: CallState;
  /** True once the state can no longer change. */
  final: boolean;
  /** Seconds the visitor and the business talked, when the provider reported it. */
  talkSeconds?: number;
  /** The provider's `callStatus` code, when a report set the state. */
  providerStatus?: number;
  /** When the state last changed (ISO 8601). */
  updatedAt: string;
}
