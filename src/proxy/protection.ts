import type { HitReceipt, LimitRule, Store } from './stores/store.js';

/** At most `limit` calls in any `windowMs`. */
export interface LimitSetting {
  limit: number;
  windowMs: number;
}

export interface Limits {
  perNumber: LimitSetting;
  perClient: LimitSetting;
  global: LimitSetting;
}

export const defaultLimits: Limits = {
  perNumber: { limit: 3, windowMs: 60 * 60_000 },
  perClient: { limit: 10, windowMs: 60 * 60_000 },
  global: { limit: 60, windowMs: 60_000 },
};

/** A rule one call is counted against, with what the visitor is told when it refuses. */
export interface CountedRule extends LimitRule {
  code: 'duplicate-submission' | 'rate-limited-global' | 'rate-limited-client' | 'rate-limited-number';
  status: 409 | 429;
}

/**
 * The rules a call is counted against, in the order they are checked, all in one atomic hit. A
 * double submit (a second call to one number within `doubleSubmitWindowMs`, under any key) is a
 * limit of one per window, checked first; 0 turns it off. Its key is not the name the separate
 * double-submit lock had (`recent:`, a plain string in Redis), so a Redis shared with an older
 * version holds no key of another type under it.
 */
export function limitRules(limits: Limits, doubleSubmitWindowMs: number, e164: string, clientAddress: string): CountedRule[] {
  const rules: CountedRule[] = [
    { key: 'limit:global', ...limits.global, code: 'rate-limited-global', status: 429 },
    { key: `limit:client:${clientAddress}`, ...limits.perClient, code: 'rate-limited-client', status: 429 },
    { key: `limit:number:${e164}`, ...limits.perNumber, code: 'rate-limited-number', status: 429 },
  ];
  if (doubleSubmitWindowMs > 0) {
    rules.unshift({ key: `limit:double-submit:${e164}`, limit: 1, windowMs: doubleSubmitWindowMs, code: 'duplicate-submission', status: 409 });
  }
  return rules;
}

/** What an Idempotency-Key stands for, kept for `idempotencyTtlMs`. */
export type IdempotencyRecord =
  | { state: 'in-flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; body: string };

/** Printable ASCII without spaces or commas (a comma means the header was sent twice), 1-255 characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x2b\x2d-\x7e]{1,255}$/.test(key);
}

/**
 * A digest of what a request asks the provider for, so that a key reused for another call is
 * caught: the same parameters in any order give the same digest.
 */
export async function fingerprint(parameters: Record<string, string>): Promise<string> {
  const text = Object.entries(parameters)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * What one request holds in the store (its idempotency claim, its hits on the double-submit window
 * and the limits), so that all of it can be given back when the call was certainly not
 * placed: a retry then starts afresh instead of being refused for a call that never happened.
 */
export class Reservation {
  readonly #undo: (() => Promise<unknown>)[] = [];

  constructor(private readonly store: Store) {}

  holdKey(key: string): void {
    this.#undo.push(() => this.store.release(key));
  }

  holdHits(rules: readonly LimitRule[], receipt: HitReceipt): void {
    this.#undo.push(() => this.store.unhit(rules.map((rule) => rule.key), receipt));
  }

  /** Gives everything back, as far as the store allows: a failure here must not hide the answer. */
  async release(): Promise<void> {
    await Promise.allSettled(this.#undo.map((undo) => undo()));
    this.#undo.length = 0;
  }
}
