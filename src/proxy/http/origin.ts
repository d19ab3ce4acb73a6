import type { IncomingCall } from './incoming.js';

/**
 * Who may call the proxy from a browser. A request without an Origin header is not a browser's
 * cross-site request and passes; a browser's request passes when it comes from the proxy's own
 * origin or from one the configuration lists. Anything else gets no CORS grant.
 */
export interface OriginPolicy {
  /** Other origins whose pages may call the proxy, with a CORS grant (`*`: any). */
  allowedOrigins: readonly string[];
  /**
   * The proxy's own public origins. When set, they alone are "same origin"; when empty, the
   * request's own Host is, which a DNS-rebinding page controls.
   */
  publicOrigins: readonly string[];
  trustProxy: boolean;
}

export type OriginVerdict =
  | { allowed: true; origin: string | undefined; corsHeaders: Record<string, string> }
  | { allowed: false; origin: string };

/** The origin the request says it was sent to: its Host (or, behind a trusted proxy, X-Forwarded-*). */
function addressedOrigin(call: IncomingCall, trustProxy: boolean): string {
  const { url } = call;
  if (!trustProxy) return url.origin;
  const proto = call.header('X-Forwarded-Proto')?.split(',')[0]?.trim() || url.protocol.slice(0, -1);
  const host = call.header('X-Forwarded-Host')?.split(',')[0]?.trim() || url.host;
  return `${proto}://${host}`;
}

export function checkOrigin(call: IncomingCall, policy: OriginPolicy): OriginVerdict {
  const origin = call.header('Origin') ?? undefined;
  if (origin === undefined) return { allowed: true, origin, corsHeaders: {} };
  const own = policy.publicOrigins.length > 0 ? policy.publicOrigins.includes(origin) : origin === addressedOrigin(call, policy.trustProxy);
  if (own) return { allowed: true, origin, corsHeaders: {} };
  if (policy.allowedOrigins.includes(origin) || policy.allowedOrigins.includes('*')) {
    // Retry-After is not a CORS-safelisted header: without this, a page on another origin never sees how long to wait.
    return {
      allowed: true,
      origin,
      corsHeaders: { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' },
    };
  }
  return { allowed: false, origin };
}

export const preflightHeaders = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
  'Access-Control-Max-Age': '600',
};
