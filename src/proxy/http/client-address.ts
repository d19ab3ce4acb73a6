import type { IncomingCall, RequestContext } from './incoming.js';

/**
 * The address a request's per-client limit counts. Behind a trusted reverse proxy, the last
 * X-Forwarded-For entry: the address that proxy saw; earlier entries are the client's own say and
 * prove nothing. Without any address, all such requests share one per-client limit, which errs on
 * the side of refusing.
 */
export function clientAddressOf(call: IncomingCall, context: RequestContext, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = call.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return context.clientAddress ?? 'unknown';
}
