import type { ConsentReceipt } from '../../core/call-status.js';

export type { ConsentReceipt };

export interface ConsentPolicy {
  /** Refuse a request that does not say what the visitor agreed to (`CTC_REQUIRE_CONSENT`). */
  requireConsent: boolean;
}

/**
 * The agreement a body carries (`"consent": { "version": "2026-01", "agreedAt": "…" }`), or
 * undefined when it carries none that can be read. Short strings only: the receipt goes into log
 * lines and the site's records as it is.
 */
export function readConsent(body: Record<string, unknown>): ConsentReceipt | undefined {
  const consent = body.consent as { version?: unknown; agreedAt?: unknown } | undefined;
  if (typeof consent !== 'object' || consent === null) return undefined;
  const { version, agreedAt } = consent;
  if (typeof version !== 'string' || !/^[\w.:-]{1,64}$/.test(version)) return undefined;
  return typeof agreedAt === 'string' && agreedAt.length <= 40 && !Number.isNaN(Date.parse(agreedAt)) ? { version, agreedAt } : { version };
}
