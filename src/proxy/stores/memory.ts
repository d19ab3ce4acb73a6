import type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './store.js';

/*
 * Under a flood every call leaves several keys here for up to an hour, so each entry is kept to
 * few heap objects, none pointing at another: the garbage collector copies every one of them as it
 * ages, and that copying measured as a tenth of the proxy's time per request. Times are
 * milliseconds since the store was made, small integers that V8 keeps unboxed (up to 2^31 ms, 24
 * days, of uptime; after that they are boxed like any other number and everything still holds, at
 * a little more memory).
 */

/** A sliding window's hit times, oldest first from `head` on. */
class Window {
  constructor(
    public expiresAt: number,
    public times: number[],
    public head = 0,
  ) {}

  get count(): number {
    return this.times.length - this.head;
  }

  /** Skips the hits at or before `cutoff`: they are the oldest, so they sit at the front. */
  expire(cutoff: number): void {
    const { times } = this;
    let head = this.head;
    while (head < times.length && times[head]! <= cutoff) head += 1;
    // Compacted once half the array is dead, so a busy key's array does not grow without end.
    if (head > 32 && head * 2 > times.length) {
      this.times = times.slice(head);
      head = 0;
    }
    this.head = head;
  }

  /**
   * Takes back one hit at `time`. A hit is named by its time alone, not by a member as in Redis:
   * hits of the same millisecond count and expire alike, so taking back any one of them is the
   * same, and a window keeps no string per hit (the global limit's holds every call of its window).
   */
  remove(time: number): void {
    const { times } = this;
    for (let index = times.length - 1; index >= this.head; index--) {
      if (times[index] === time) {
        times.splice(index, 1);
        return;
      }
    }
  }
}

class Value {
  constructor(
    public value: string,
    public expiresAt: number,
  ) {}
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
  readonly #clock: () => number;
  readonly #epoch: number;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(options: MemoryStoreOptions = {}) {
    this.#generationSize = Math.max(1, Math.floor((options.maxKeys ?? 100_000) / 2));
    this.#clock = options.now ?? Date.now;
    this.#epoch = this.#clock();
    this.#sweeper = setInterval(() => this.sweep(), 60_000);
    this.#sweeper.unref?.();
  }

  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Milliseconds since the store was made. */
  #now(): number {
    return this.#clock() - this.#epoch;
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

  /** The rule's live window, or undefined when it holds no hit. */
  #window(rule: LimitRule, now: number): Window | undefined {
    const entry = this.#read(rule.key, now);
    if (!(entry instanceof Window)) return undefined;
    entry.expire(now - rule.windowMs);
    return entry;
  }

  async hit(rules: readonly LimitRule[]): Promise<HitResult> {
    const now = this.#now();
    const windows: (Window | undefined)[] = [];
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]!;
      const window = this.#window(rule, now);
      if (window && window.count >= rule.limit) {
        const oldest = window.times[window.head] ?? now;
        return { ok: false, rule: index, retryAfterMs: Math.max(1, oldest + rule.windowMs - now) };
      }
      windows.push(window);
    }
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]!;
      const window = windows[index];
      const expiresAt = now + rule.windowMs;
      if (window && window.count > 0) {
        window.times.push(now);
        window.expiresAt = expiresAt;
        this.#write(rule.key, window);
      } else {
        // A fresh window, as most are (a new visitor's number or address): its array made with its
        // one time, since a push onto an empty array reserves 17 slots that a 3-per-hour limit never fills.
        this.#write(rule.key, new Window(expiresAt, [now]));
      }
    }
    return { ok: true, receipt: now };
  }

  async unhit(keys: readonly string[], receipt: HitReceipt): Promise<void> {
    if (typeof receipt !== 'number') return; // another store's
    const now = this.#now();
    for (const key of keys) {
      const entry = this.#read(key, now);
      if (entry instanceof Window) entry.remove(receipt);
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    const now = this.#now();
    const entry = this.#read(key, now);
    if (entry instanceof Value) return { claimed: false, value: entry.value, ttlMs: entry.expiresAt - now };
    this.#write(key, new Value(value, now + ttlMs));
    return { claimed: true };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.#write(key, new Value(value, this.#now() + ttlMs));
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#read(key, this.#now());
    return entry instanceof Value ? entry.value : undefined;
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
