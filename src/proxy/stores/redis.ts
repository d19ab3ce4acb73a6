import { createHash, randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './store.js';
import { StoreUnavailableError } from './store.js';

/*
 * Both scripts run atomically inside Redis, with Redis's clock, so every proxy instance sharing
 * the server sees one count and one owner of each key, whatever their own clocks say. They are
 * called by their SHA1 (EVALSHA), so their text crosses the network once per Redis start.
 */

interface LuaScript {
  text: string;
  sha1: string;
}

const lua = (text: string): LuaScript => ({ text, sha1: createHash('sha1').update(text).digest('hex') });

/** KEYS: the rules' keys. ARGV: member, then limit and window (ms) per rule. Returns {0} or {rule, retryAfterMs}. */
const hitScript = lua(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local retry = window
    if oldest[2] then retry = tonumber(oldest[2]) + window - now end
    return {i, math.max(1, retry)}
  end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[i * 2 + 1]))
end
return {0}
`);

/** KEYS[1]: the key. ARGV: value, ttl (ms). Returns {1} when claimed, else {0, value, ttl}. */
const claimScript = lua(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
return {0, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
`);

export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key, so several sites can share one Redis. */
  keyPrefix?: string;
  /** How long one command may take before the store counts as unavailable. */
  commandTimeoutMs?: number;
  /** Told of connection errors, at most once per outage. */
  onError?: (error: Error) => void;
}

/**
 * Redis through the maintained node-redis client. Commands fail at once while disconnected (no
 * offline queue), so a Redis outage shows up as StoreUnavailableError within `commandTimeoutMs`
 * rather than as a hang; the client reconnects by itself and the store recovers with it.
 */
export class RedisStore implements Store {
  readonly #client;
  readonly #prefix: string;
  #outage = false;

  constructor(options: RedisStoreOptions) {
    this.#prefix = options.keyPrefix ?? 'ctc:';
    this.#client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs ?? 1000 },
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    });
    this.#client.on('error', (error: Error) => {
      if (!this.#outage) options.onError?.(error);
      this.#outage = true;
    });
    this.#client.on('ready', () => {
      this.#outage = false;
    });
    // Not awaited: a proxy starts while Redis is down, and fails closed until it is up.
    this.#client.connect().catch(() => {});
  }

  /** Resolves once connected, for tests and start-up checks. */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#client.isReady) {
      if (Date.now() > deadline) throw new StoreUnavailableError(new Error('not connected'));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    if (!this.#client.isReady) throw new StoreUnavailableError(new Error('not connected'));
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  /** Runs a script by its SHA1; Redis forgets scripts when it restarts, and is then sent the text, which it caches again. */
  async #evaluate(script: LuaScript, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    try {
      return await this.#client.evalSha(script.sha1, options);
    } catch (error) {
      if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
      return this.#client.eval(script.text, options);
    }
  }

  async hit(rules: readonly LimitRule[]): Promise<HitResult> {
    // Each hit is its own member of the keys' sorted sets, so that exactly it can be taken back.
    const member = randomUUID();
    const reply = (await this.#run(() =>
      this.#evaluate(hitScript, {
        keys: rules.map((rule) => this.#prefix + rule.key),
        arguments: [member, ...rules.flatMap((rule) => [String(rule.limit), String(rule.windowMs)])],
      }),
    )) as number[];
    return reply[0] === 0 ? { ok: true, receipt: member } : { ok: false, rule: reply[0]! - 1, retryAfterMs: reply[1]! };
  }

  async unhit(keys: readonly string[], receipt: HitReceipt): Promise<void> {
    await this.#run(() => Promise.all(keys.map((key) => this.#client.zRem(this.#prefix + key, String(receipt)))));
  }

  async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    const reply = (await this.#run(() =>
      this.#evaluate(claimScript, { keys: [this.#prefix + key], arguments: [value, String(ttlMs)] }),
    )) as [number, string?, number?];
    return reply[0] === 1 ? { claimed: true } : { claimed: false, value: reply[1] ?? '', ttlMs: reply[2] ?? 0 };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#run(() => this.#client.set(this.#prefix + key, value, { expiration: { type: 'PX', value: ttlMs } }));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#run(() => this.#client.get(this.#prefix + key))) ?? undefined;
  }

  async release(key: string): Promise<void> {
    await this.#run(() => this.#client.del(this.#prefix + key));
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.close();
  }
}
