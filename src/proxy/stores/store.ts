/** A sliding-window limit: at most `limit` hits under `key` in any `windowMs`. */
export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export type HitResult = { ok: true } | { ok: false; rule: number; retryAfterMs: number };

export type ClaimResult = { claimed: true } | { claimed: false; value: string; ttlMs: number };

/**
 * Where limits, idempotency records and call outcomes live. Each method is atomic, so several
 * proxy instances sharing one store enforce one set of limits. A store that cannot be reached
 * throws StoreUnavailableError; the handler then fails closed (503) or falls back to memory.
 */
export interface Store {
  /** Records `member` under every rule's key when each is below its limit; otherwise records nothing. */
  hit(rules: readonly LimitRule[], member: string): Promise<HitResult>;
  /** Takes a hit back, for a call that was not placed after all. */
  unhit(keys: readonly string[], member: string): Promise<void>;
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
