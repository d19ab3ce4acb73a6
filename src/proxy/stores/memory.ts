import type { ClaimResult, HitResult, LimitRule, Store } from './store.js';

/** A sliding window's hits, oldest first: times and members side by side. */
interface Window {
  times: number[];
  members: string[];
  expiresAt: number;
}

type Entry = Window | { value: string; expiresAt: number };

export interface MemoryStoreOptions {
  /** Most keys held; past it the key written longest ago goes first. Bounds memory under a flood of distinct clients. */
  maxKeys?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * The default store: one process, bounded. Expired entries are dropped when met and by a sweep
 * each minute; when `maxKeys` is reached the key written longest ago is evicted. An evicted
 * limit forgets its hits, the price of bounded memory under a flood of distinct addresses; the
 * global limit's single key is written on every call and so is never the one evicted.
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), 60_000);
    this.#sweeper.unref?.();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drops every expired entry. */
  sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }

  #read(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  /** Writes `key` as the newest: the Map's order is the order of last writes, oldest first. */
  #write(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxKeys) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The rule's window with its expired hits dropped: they are the oldest, so they sit at the front. */
  #window(rule: LimitRule, now: number): Window {
    const entry = this.#read(rule.key);
    if (!entry || !('times' in entry)) return { times: [], members: [], expiresAt: 0 };
    let expired = 0;
    while (expired < entry.times.length && entry.times[expired]! <= now - rule.windowMs) expired += 1;
    if (expired > 0) {
      entry.times.splice(0, expired);
      entry.members.splice(0, expired);
    }
    return entry;
  }

  async hit(rules: readonly LimitRule[], member: string): Promise<HitResult> {
    const now = this.#now();
    const windows = rules.map((rule) => this.#window(rule, now));
    for (const [index, rule] of rules.entries()) {
      const { times } = windows[index]!;
      if (times.length >= rule.limit) {
        const oldest = times[0] ?? now;
        return { ok: false, rule: index, retryAfterMs: Math.max(1, oldest + rule.windowMs - now) };
      }
    }
    for (const [index, rule] of rules.entries()) {
      const window = windows[index]!;
      window.times.push(now);
      window.members.push(member);
      window.expiresAt = now + rule.windowMs;
      this.#write(rule.key, window);
    }
    return { ok: true };
  }

  async unhit(keys: readonly string[], member: string): Promise<void> {
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (!entry || !('times' in entry)) continue;
      const index = entry.members.lastIndexOf(member);
      if (index >= 0) {
        entry.times.splice(index, 1);
        entry.members.splice(index, 1);
      }
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    const entry = this.#read(key);
    if (entry && 'value' in entry) return { claimed: false, value: entry.value, ttlMs: entry.expiresAt - this.#now() };
    this.#write(key, { value, expiresAt: this.#now() + ttlMs });
    return { claimed: true };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.#write(key, { value, expiresAt: this.#now() + ttlMs });
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#read(key);
    return entry && 'value' in entry ? entry.value : undefined;
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#entries.clear();
  }
}
