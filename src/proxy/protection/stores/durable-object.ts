import type { ClaimResult, HitResult, LimitRule, Store } from './store.js';

/** The little of a SQLite-backed Durable Object's state this uses (as `ctx` or `state`). */
export interface DurableObjectStateOfStore {
  readonly storage: {
    readonly sql: { exec(query: string, ...bindings: unknown[]): { toArray(): Record<string, unknown>[] } };
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number): Promise<void>;
  };
}

/** One operation of the store, as DurableObjectStore sends it and ClickToCallStore answers it. */
export type StoreOperation = {
  [Name in keyof Omit<Store, 'close'>]: { operation: Name; args: Parameters<Store[Name]> };
}[keyof Omit<Store, 'close'>];

const operations = new Set<string>(['hit', 'unhit', 'claim', 'put', 'get', 'release'] satisfies StoreOperation['operation'][]);

const schema = `
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at INTEGER NOT NULL, receipt TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS hits_by_key ON hits (key, at);
CREATE INDEX IF NOT EXISTS hits_by_expiry ON hits (expires_at);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires_at);
`;

/**
 * The Durable Object that holds a Worker's limits and idempotency records, so that every isolate
 * enforces one set of limits (export it from the Worker and bind it, see docs/proxy.md). Its
 * state is in the object's SQLite storage rather than in memory, because the runtime evicts an
 * idle object and starts it again elsewhere: limits held in memory would start afresh each time.
 * Storage's SQL calls are synchronous, so each operation runs to its end before the object takes
 * the next request: check-and-record is atomic with no lock. Expired rows go in a sweep, an alarm
 * set while the object holds any.
 *
 * It answers `fetch` rather than RPC so that the package needs no `cloudflare:workers` import.
 */
export class ClickToCallStore {
  /** How often expired hits and records are deleted while any are held. */
  static sweepIntervalMs = 10 * 60_000;
  readonly #state: DurableObjectStateOfStore;
  #alarmSet: boolean | undefined;

  constructor(state: DurableObjectStateOfStore, _env?: unknown) {
    this.#state = state;
    this.#sql(schema);
  }

  #sql(query: string, ...bindings: unknown[]) {
    return this.#state.storage.sql.exec(query, ...bindings).toArray();
  }

  async fetch(request: Request): Promise<Response> {
    const { operation, args } = ((await request.json().catch(() => ({}))) ?? {}) as StoreOperation;
    if (!operations.has(operation) || !Array.isArray(args)) return Response.json({ error: `no operation ${operation}` }, { status: 400 });
    try {
      const result = (this[operation] as (...args: unknown[]) => unknown)(...args);
      if (operation !== 'get') await this.#sweepLater();
      return Response.json({ result: result ?? null });
    } catch (error) {
      return Response.json({ error: (error as Error).message }, { status: 500 });
    }
  }

  hit(rules: readonly LimitRule[]): HitResult {
    const now = Date.now();
    for (const [index, rule] of rules.entries()) {
      const [window] = this.#sql(
        'SELECT COUNT(*) AS count, MIN(at) AS oldest FROM hits WHERE key = ? AND at > ?',
        rule.key,
        now - rule.windowMs,
      );
      if (Number(window!.count) >= rule.limit) {
        return { ok: false, rule: index, retryAfterMs: Math.max(1, Number(window!.oldest) + rule.windowMs - now) };
      }
    }
    const receipt = crypto.randomUUID();
    for (const rule of rules) {
      this.#sql('DELETE FROM hits WHERE key = ? AND at <= ?', rule.key, now - rule.windowMs);
      this.#sql('INSERT INTO hits VALUES (?, ?, ?, ?)', rule.key, now, receipt, now + rule.windowMs);
    }
    return { ok: true, receipt };
  }

  unhit(keys: readonly string[], receipt: string): void {
    for (const key of keys) this.#sql('DELETE FROM hits WHERE key = ? AND receipt = ?', key, String(receipt));
  }

  claim(key: string, value: string, ttlMs: number): ClaimResult {
    const now = Date.now();
    const [held] = this.#sql('SELECT value, expires_at FROM records WHERE key = ? AND expires_at > ?', key, now);
    if (held) return { claimed: false, value: String(held.value), ttlMs: Number(held.expires_at) - now };
    this.put(key, value, ttlMs);
    return { claimed: true };
  }

  put(key: string, value: string, ttlMs: number): void {
    this.#sql('INSERT OR REPLACE INTO records VALUES (?, ?, ?)', key, value, Date.now() + ttlMs);
  }

  get(key: string): string | undefined {
    const [held] = this.#sql('SELECT value FROM records WHERE key = ? AND expires_at > ?', key, Date.now());
    return held ? String(held.value) : undefined;
  }

  release(key: string): void {
    this.#sql('DELETE FROM records WHERE key = ?', key);
  }

  /** The sweep: the runtime calls it when the alarm rings. */
  async alarm(): Promise<void> {
    const now = Date.now();
    this.#sql('DELETE FROM hits WHERE expires_at <= ?', now);
    this.#sql('DELETE FROM records WHERE expires_at <= ?', now);
    this.#alarmSet = false;
    await this.#sweepLater();
  }

  /** How many hits and records the object holds: what a sweep leaves, for operators and tests. */
  rows(): { hits: number; records: number } {
    const [counted] = this.#sql('SELECT (SELECT COUNT(*) FROM hits) AS hits, (SELECT COUNT(*) FROM records) AS records');
    return { hits: Number(counted!.hits), records: Number(counted!.records) };
  }

  async #sweepLater(): Promise<void> {
    this.#alarmSet ??= (await this.#state.storage.getAlarm()) !== null;
    if (this.#alarmSet) return;
    const { hits, records } = this.rows();
    if (hits + records === 0) return;
    const interval = (this.constructor as typeof ClickToCallStore).sweepIntervalMs;
    await this.#state.storage.setAlarm(Date.now() + interval);
    this.#alarmSet = true;
  }
}
