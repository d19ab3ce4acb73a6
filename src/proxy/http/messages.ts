import type { ErrorCode } from '../../core/codes.js';
import { browserMessages } from '../../core/messages.js';

/*
 * The proxy's side of the messages. The element carries only the texts for what it finds itself
 * (core/messages.ts): for every other code the proxy sends its text with the answer.
 */

/** Visitor-safe English text for the codes only the proxy answers with; it sends them as `message`. */
export const serverMessages: Partial<Record<ErrorCode, string>> = {
  'invalid-request': 'The request could not be understood.',
  closed: 'We are closed just now. Please ask for a call when we are open.',
  'invalid-time': 'That time could not be read. Please choose one of the times offered.',
  'slot-unavailable': 'That time cannot be booked. Please choose another of the times offered.',
  'not-cancellable': 'This call can no longer be cancelled: it has been placed or has ended.',
  'option-not-allowed': 'This call option cannot be set from the page.',
  'option-over-limit': 'A call option is above the limit this site allows.',
  'method-not-allowed': 'This address only accepts call requests.',
  'not-found': 'There is nothing at this address.',
  'origin-not-allowed': 'Calls cannot be requested from this website.',
  'unsupported-media-type': 'The request must be sent as JSON.',
  'body-too-large': 'The request is too large.',
  'invalid-json': 'The request could not be read.',
  'request-timeout': 'The request took too long to arrive. Please try again.',
  'internal-error': 'Sorry, something went wrong on our side. Please try again later.',
  'upstream-unreachable': 'The calling service cannot be reached right now. Please try again in a few minutes.',
  'upstream-timeout': 'The calling service did not answer in time. Please try again in a few minutes.',
  'upstream-bad-response': 'The calling service gave an unexpected answer. Please try again later.',
  'upstream-error': 'The calling service had a problem. Please try again in a few minutes.',
  'provider-rejected': 'Sorry, we could not place the call. Please try again later.',
  'destination-unavailable': 'No one is available to take your call right now. Please try again later.',
  'rate-limited-number': 'This number has asked for several calls already. Please try again later.',
  'rate-limited-client': 'You have asked for several calls already. Please try again later.',
  'rate-limited-global': 'We are receiving many call requests right now. Please try again in a minute.',
  'duplicate-submission': 'We are already calling this number. Please wait a moment before asking again.',
  'request-in-flight': 'Your request is being handled. Please wait a moment.',
  'idempotency-key-reused': 'This request was already used for another call. Please try again.',
  'invalid-idempotency-key': 'The request could not be understood.',
  'number-blocked': 'This number cannot be called.',
  'number-type-not-allowed': 'We cannot call this kind of number. Please enter a mobile or landline number.',
  'verification-failed': 'We could not verify that you are a person. Please complete the check and try again.',
  'verification-unavailable': 'We cannot verify requests right now. Please try again in a few minutes.',
  'store-unavailable': 'We cannot take call requests right now. Please try again in a few minutes.',
  '1508': 'That number cannot be called. Please check it and try again.',
  '1509': 'That number cannot be called. Please check it and try again.',
  '1520': 'That is our own number. Please enter the number we should call you on.',
  '1573': 'That number is registered as Do Not Disturb, so we cannot call it.',
  '1574': 'That number is registered as Do Not Disturb, so we cannot call it.',
};

/** Every code's text, for the proxy's answers. */
export const errorMessages: Partial<Record<ErrorCode, string>> & { generic: string } = { ...browserMessages, ...serverMessages };

export function messageFor(code: string): string {
  return errorMessages[code as ErrorCode] ?? errorMessages.generic;
}
