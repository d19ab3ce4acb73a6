import type { ErrorCode } from './codes.js';

/**
 * Visitor-safe English text for the codes the element finds itself (the number, and failures
 * only the browser sees). The element's English locale is this table and no more: for the
 * proxy's own codes the proxy sends its text with the answer, so the bundle need not carry it.
 */
export const browserMessages = {
  generic: 'Sorry, we could not place the call. Please try again later.',
  empty: 'Please enter your phone number.',
  'not-a-number': 'That does not look like a phone number. Use digits only, with an optional + in front.',
  'too-short': 'That number is too short. Please check it and try again.',
  'too-long': 'That number is too long. Please check it and try again.',
  'unsupported-country': 'We can only call numbers in the supported countries.',
  'invalid-number': 'That is not a valid phone number. Please check it and try again.',
  'network-error': 'We could not reach the server. Check your connection and try again.',
  timeout: 'The server took too long to answer. Please try again.',
  'bad-response': 'The server gave an unexpected answer. Please try again later.',
  'server-error': 'The server had a problem. Please try again later.',
  'not-configured': 'Calls cannot be requested from this page right now.',
  'consent-required': 'Please tick the box to agree to be called.',
} satisfies Partial<Record<ErrorCode, string>> & { generic: string };
