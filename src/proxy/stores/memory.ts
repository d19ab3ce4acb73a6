import type { ClaimResult, HitResult, LimitRule, Store } from './store.js';

/** A sliding window's hits, oldest first, from `head` on: times and members side by side. */
interface Window {
  times: number[];
  members: string[];
  /** Hits before it have expired; the arrays are compacted once half of them are dead. */
  head: number;
  expiresAt: number;
}

type Entry = Window | { value: string; expiresAt: number };

export interface MemoryStoreOptions {
  /** Most keys held (about); the oldest generation of keys goes first. Bounds memory under a flood of distinct clients. */
  maxKeys?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * The default store: one process, bounded. Keys live in two generations: writes go to the
 * current one, and when it is full it becomes the previous one and the previous is dropped
 * whole. That bounds memory at `maxKeys` with O(1) eviction (a Map used as a queue slows down
 * with every deletion at its front: measured at five times the cost per request). A key
 * written on every call, such as the global limit's, always lives in the current generation;
 * an evicted per-client limit forgets its hits, the price of bounded memory under a flood of
 * distinct addresses. Expired entries are dropped when met and by a sweep each minute.
 */
export class MemoryStore implements Store {
  #current = new Map<string, Entry>();
  #previous = new Map<string, Entry>();
  readonly #generationSize: number;
  readonly #now: () => number;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(options: MemoryStoreOptions = {}) {
    this.#generationSize = Math.max(1, Math.floor((options.maxKeys ?? 100_000) / 2));
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), 60_000);
    this.#sweeper.unref?.();
  }

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

  #read(key: string): Entry | undefined {
    const generation = this.#current.has(key) ? this.#current : this.#previous;
    const entry = generation.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry;
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

  /** The rule's window with its expired hits skipped: they are the oldest, so they sit at the front. */
  #window(rule: LimitRule, now: number): Window {
    const entry = this.#read(rule.key);
    if (!entry || !('times' in entry)) return { times: [], members: [], head: 0, expiresAt: 0 };
    while (entry.head < entry.times.length && entry.times[entry.head]! <= now - rule.windowMs) entry.head += 1;
    if (entry.head > 32 && entry.head * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.head);
      entry.members = entry.members.slice(entry.head);
      entry.head = 0;
    }
    return entry;
  }

  async hit(rules: readonly LimitRule[], member: string): Promise<HitResult> {
    const now = this.#now();
    const windows = rules.map((rule) => this.#window(rule, now));
    for (const [index, rule] of rules.entries()) {
      const window = windows[index]!;
      if (window.times.length - window.head >= rule.limit) {
        const oldest = window.times[window.head] ?? now;
        return { ok: false, rule: index, retryAfterMs: Math.max(1, oldest + rule.windowMs - now) };
      }
    }
    for (const [index, rule] of rules.entries()) {
      const window = windows[index]!;
      if (window.times.length === window.head) {
        // A fresh window, as most are (a new visitor's number or address): arrays made with their one
        // element, since a push onto an empty array reserves 17 slots that a 3-per-hour limit never fills.
        window.times = [now];
        window.members = [member];
        window.head = 0;
      } else {
        window.times.push(now);
        window.members.push(member);
      }
      window.expiresAt = now + rule.windowMs;
      this.#write(rule.key, window);
    }
    return { ok: true };
  }

  async unhit(keys: readonly string[], member: string): Promise<void> {
    for (const key of keys) {
      const entry = this.#read(key);
      if (!entry || !('times' in entry)) continue;
      const index = entry.members.lastIndexOf(member);
      if (index >= entry.head) {
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
    this.#current.delete(key);
    this.#previous.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#current.clear();
    this.#previous.clear();
  }
}
