/** A sliding-window limit: at most `limit` hits under `key` in any `windowMs`. */
export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * What names one recorded hit, so that it can be taken back: each store chooses its own (Redis a
 * random sorted-set member, the memory store a number of its own), and only gives it back to itself.
 */
export type HitReceipt = string | number;

export type HitResult = { ok: true; receipt: HitReceipt } | { ok: false; rule: number; retryAfterMs: number };

export type ClaimResult = { claimed: true } | { claimed: false; value: string; ttlMs: number };

/**
 * Where limits and idempotency records live. Each method is atomic, so several
 * proxy instances sharing one store enforce one set of limits. A store that cannot be reached
 * throws StoreUnavailableError; the handler then fails closed (503), or a FallbackStore falls back to memory.
 */
export interface Store {
  /** Records one hit under every rule's key when each is below its limit; otherwise records nothing. */
  hit(rules: readonly LimitRule[]): Promise<HitResult>;
  /** Takes the hit with this receipt back, for a call that was not placed after all. */
  unhit(keys: readonly string[], receipt: HitReceipt): Promise<void>;
  /** Sets `key` unless it is set; says what is there when it is. */
  claim(key: string, value: string, ttlMs: number): Promise<ClaimResult>;
  put(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the store is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}
