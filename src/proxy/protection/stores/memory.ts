import type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './store.js';

/** One recorded hit: when, and the receipt that names it. */
interface Hit {
  at: number;
  receipt: number;
}

/** A sliding window: its hits, oldest first. */
interface Window {
  kind: 'window';
  hits: Hit[];
  expiresAt: number;
}

interface Value {
  kind: 'value';
  value: string;
  expiresAt: number;
}

type Entry = Window | Value;

export interface MemoryStoreOptions {
  /** Most keys held (about); the oldest generation of keys goes first. Bounds memory under a flood of distinct clients. */
  maxKeys?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * The default store: one process, bounded. Keys live in two generations: writes go to the
 * current one, and when it is full it becomes the previous one and the previous is dropped
 * whole. That bounds memory at `maxKeys` without tracking the age of each key. A key written on
 * every call, such as the global limit's, always lives in the current generation; an evicted
 * per-client limit forgets its hits, the price of bounded memory under a flood of distinct
 * addresses. Expired entries are dropped when met and by a sweep each minute.
 *
 * @example
 * const handler = createClickToCallHandler({ ...credentials, destination, store: new MemoryStore({ maxKeys: 10_000 }) });
 */
export class MemoryStore implements Store {
  #current = new Map<string, Entry>();
  #previous = new Map<string, Entry>();
  readonly #generationSize: number;
  readonly #now: () => number;
  readonly #sweeper: ReturnType<typeof setInterval>;
  #lastReceipt = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#generationSize = Math.max(1, Math.floor((options.maxKeys ?? 100_000) / 2));
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), 60_000);
    this.#sweeper.unref?.();
  }

  /** How many keys the store holds. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Drops every expired entry. */
  sweep(): void {
    const now = this.#now();
    for (const generation of [this.#current, this.#previous]) {
      for (const [key, entry] of generation) if (entry.expiresAt <= now) generation.delete(key);
    }
  }

  #read(key: string, now: number): Entry | undefined {
    const generation = this.#current.has(key) ? this.#current : this.#previous;
    const entry = generation.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry;
    generation.delete(key);
    return undefined;
  }

  #write(key: string, entry: Entry): void {
    if (!this.#current.has(key)) {
      this.#previous.delete(key);
      if (this.#current.size >= this.#generationSize) {
        this.#previous = this.#current;
        this.#current = new Map();
      }
    }
    this.#current.set(key, entry);
  }

  /** The rule's hits within its window, oldest first; the older ones are dropped. */
  #liveHits(rule: LimitRule, now: number): Hit[] {
    const entry = this.#read(rule.key, now);
    if (entry?.kind !== 'window') return [];
    const cutoff = now - rule.windowMs;
    const firstLive = entry.hits.findIndex((hit) => hit.at > cutoff);
    entry.hits.splice(0, firstLive === -1 ? entry.hits.length : firstLive);
    return entry.hits;
  }

  async hit(rules: readonly LimitRule[]): Promise<HitResult> {
    const now = this.#now();
    const windows = rules.map((rule) => this.#liveHits(rule, now));
    for (const [index, rule] of rules.entries()) {
      const hits = windows[index]!;
      if (hits.length >= rule.limit) {
        return { ok: false, rule: index, retryAfterMs: Math.max(1, (hits[0]?.at ?? now) + rule.windowMs - now) };
      }
    }
    const receipt = ++this.#lastReceipt;
    for (const [index, rule] of rules.entries()) {
      const hits = windows[index]!;
      hits.push({ at: now, receipt });
      // Written again even when it exists, so that a busy key moves into the current generation.
      this.#write(rule.key, { kind: 'window', hits, expiresAt: now + rule.windowMs });
    }
    return { ok: true, receipt };
  }

  async unhit(keys: readonly string[], receipt: HitReceipt): Promise<void> {
    if (typeof receipt !== 'number') return; // another store's
    const now = this.#now();
    for (const key of keys) {
      const entry = this.#read(key, now);
      if (entry?.kind !== 'window') continue;
      const index = entry.hits.findIndex((hit) => hit.receipt === receipt);
      if (index >= 0) entry.hits.splice(index, 1);
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    const now = this.#now();
    const entry = this.#read(key, now);
    if (entry?.kind === 'value') return { claimed: false, value: entry.value, ttlMs: entry.expiresAt - now };
    this.#write(key, { kind: 'value', value, expiresAt: now + ttlMs });
    return { claimed: true };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.#write(key, { kind: 'value', value, expiresAt: this.#now() + ttlMs });
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#read(key, this.#now());
    return entry?.kind === 'value' ? entry.value : undefined;
  }

  async release(key: string): Promise<void> {
    this.#current.delete(key);
    this.#previous.delete(key);
  }

  /** Forgets every key: every limit's hits and every idempotency record. For demos and tests. */
  clear(): void {
    this.#current.clear();
    this.#previous.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#current.clear();
    this.#previous.clear();
  }
}
