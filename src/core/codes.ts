/**
 * Every error code the element or the proxy can report, besides the provider's own numeric
 * codes, which pass through as strings where they describe the visitor's input. Codes name the
 * reason, so a page can react to them without parsing messages. docs/contract.md lists them all.
 */
export const phoneErrorCodes = ['empty', 'not-a-number', 'too-short', 'too-long', 'unsupported-country', 'invalid-number'] as const;

export const requestErrorCodes = [
  'invalid-request',
  'option-not-allowed',
  'option-over-limit',
  'method-not-allowed',
  'not-found',
  'origin-not-allowed',
  'unsupported-media-type',
  'body-too-large',
  'invalid-json',
  'consent-required',
  'request-timeout',
  'internal-error',
] as const;

export const upstreamErrorCodes = [
  'upstream-unreachable',
  'upstream-timeout',
  'upstream-bad-response',
  'upstream-error',
  'provider-rejected',
  'destination-unavailable',
] as const;

/** The proxy's protections against abuse, and the state they keep. */
export const protectionErrorCodes = [
  'rate-limited-number',
  'rate-limited-client',
  'rate-limited-global',
  'duplicate-submission',
  'request-in-flight',
  'idempotency-key-reused',
  'invalid-idempotency-key',
  'number-blocked',
  'number-type-not-allowed',
  'verification-failed',
  'verification-unavailable',
  'store-unavailable',
] as const;

/** The business's own conditions. */
export const businessErrorCodes = ['closed', 'invalid-time', 'slot-unavailable', 'not-cancellable'] as const;

/** Failures only the browser can see: the proxy never answered, or answered something unreadable. */
export const clientErrorCodes = ['network-error', 'timeout', 'bad-response', 'server-error', 'not-configured'] as const;

export type PhoneErrorCode = (typeof phoneErrorCodes)[number];
export type RequestErrorCode = (typeof requestErrorCodes)[number];
export type UpstreamErrorCode = (typeof upstreamErrorCodes)[number];
export type ProtectionErrorCode = (typeof protectionErrorCodes)[number];
export type ClientErrorCode = (typeof clientErrorCodes)[number];
export type BusinessErrorCode = (typeof businessErrorCodes)[number];
/** The codes the proxy answers with, besides the provider's. */
export type ProxyErrorCode = PhoneErrorCode | RequestErrorCode | UpstreamErrorCode | ProtectionErrorCode | BusinessErrorCode;

/** A provider code such as "1508", passed through as a string. */
export type ProviderErrorCode = `${number}`;

export type ErrorCode =
  | PhoneErrorCode
  | RequestErrorCode
  | UpstreamErrorCode
  | ProtectionErrorCode
  | BusinessErrorCode
  | ClientErrorCode
  | ProviderErrorCode;
