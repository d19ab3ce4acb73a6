import type { CallRequest } from '../core/call-options.js';
import type { CallStatus } from '../core/call-status.js';
import type { ProxyScheduled, ProxySuccess } from '../core/contract.js';

/** Where the element is in a submission. */
export type CtcState = 'idle' | 'validating' | 'sending' | 'success' | 'error';

export interface CtcSubmitDetail {
  /** The body about to be posted. Listeners may add fields (a CAPTCHA answer, say) before it is sent. */
  body: CallRequest;
}

export interface CtcSuccessDetail {
  /** The provider's call id; absent for a call booked for later (`response.status` is `scheduled`). */
  callId?: string;
  response: ProxySuccess | ProxyScheduled;
}

export interface CtcErrorDetail {
  code: string;
  /** The text the visitor was shown. */
  message: string;
  /** The field at fault, when there is one. */
  field?: string;
  /** The proxy's HTTP status, when it answered. */
  status?: number;
  /** Seconds the proxy asked the visitor to wait (its Retry-After header). */
  retryAfter?: number;
}

export interface CtcStatusDetail {
  state: CtcState;
  previous: CtcState;
}

/** The floating variant's dialog opened or closed; `element.opened` says which. */
export type CtcToggleDetail = Record<string, never>;

/** A placed call's status, as the proxy's statusUrl gives it: one event per state. */
export type CtcCallDetail = CallStatus;

/** Every event of the element by name, with its detail: the one list the framework types derive from. */
export interface CtcEventMap {
  'ctc-submit': CustomEvent<CtcSubmitDetail>;
  'ctc-success': CustomEvent<CtcSuccessDetail>;
  'ctc-error': CustomEvent<CtcErrorDetail>;
  'ctc-status': CustomEvent<CtcStatusDetail>;
  'ctc-call': CustomEvent<CtcCallDetail>;
  'ctc-open': CustomEvent<CtcToggleDetail>;
  'ctc-close': CustomEvent<CtcToggleDetail>;
}

export type CtcEventName = keyof CtcEventMap;
export type CtcEventDetail<Name extends CtcEventName> = CtcEventMap[Name]['detail'];

/** Every event of the element bubbles and crosses shadow roots, so a page can listen anywhere above it. */
export function ctcEvent<Name extends CtcEventName>(
  type: Name,
  detail: CtcEventDetail<Name>,
  cancelable = false,
): CustomEvent<CtcEventDetail<Name>> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

declare global {
  interface GlobalEventHandlersEventMap extends CtcEventMap {}
}
