import { createHash } from 'node:crypto';
import type { CommandParser } from 'redis';
import type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './store.js';
import { StoreUnavailableError } from './store.js';
import { connectIfClosed, redisSocket, requireOneRedis } from '../../../core/redis-socket.js';
import type { RedisClientOfApp } from '../../../core/redis-socket.js';

/*
 * Both scripts run atomically inside Redis, with Redis's clock, so every proxy instance sharing
 * the server sees one count and one owner of each key, whatever their own clocks say.
 */

/** KEYS: the rules' keys. ARGV: member, then limit and window (ms) per rule. Returns {0} or {rule, retryAfterMs}. */
const hitScript = `
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
`;

/** KEYS[1]: the key. ARGV: value, ttl (ms). Returns {1} when claimed, else {0, value, ttl}. */
const claimScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
return {0, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
`;

export interface RedisStoreOptions {
  /** The server, as `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). Or `clusterUrls`. */
  url?: string;
  /** A Redis Cluster instead of one server: the URLs of some of its nodes, from which the client learns the rest. */
  clusterUrls?: readonly string[];
  /**
   * Or a client the app made itself, `createClient()` or `createCluster()`, with no keyPrefix of
   * its own (the store prefixes its keys). The store connects it if it is not, and leaves closing it to the app.
   */
  client?: RedisClientOfApp;
  /** Prefix of every key, so several sites can share one Redis. */
  keyPrefix?: string;
  /** How long one command may take before the store counts as unavailable. */
  commandTimeoutMs?: number;
  /** Told of connection errors, at most once per outage. */
  onError?: (error: Error) => void;
}

/**
 * The hash tag of every limit's key. One hit counts a call against several keys at once, in one
 * script, and on a Redis Cluster a script's keys must all live in one slot; every hit includes
 * the global limit's key, so the limits cannot be spread over slots anyway. Claims and records
 * are single keys and spread over the cluster as usual.
 */
const limitKey = (key: string) => `{limits}:${key}`;

/** What the store uses of a connection, the same for one server and for a cluster. */
interface Connection {
  readonly isReady: boolean;
  readonly isOpen: boolean;
  hitLimits(keys: string[], args: string[]): Promise<number[]>;
  claimKey(key: string, value: string, ttlMs: number): Promise<[claimed: number, value?: string, ttlMs?: number]>;
  zRem(key: string, member: string): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
  on(event: string, listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const scriptHashes = { hit: sha1(hitScript), claim: sha1(claimScript) };

type EvalOptions = { keys: string[]; arguments: string[] };

/** What the store needs of an app's own client; both of node-redis's kinds have it. */
interface AppClient extends Omit<Connection, 'hitLimits' | 'claimKey' | 'close'> {
  evalSha(sha: string, options: EvalOptions): Promise<unknown>;
  eval(script: string, options: EvalOptions): Promise<unknown>;
  withCommandOptions(options: { timeout: number }): AppClient;
}

/**
 * An app's own client as the store's connection. Its scripts cannot be defined on it after the
 * fact, so they run by hash, sent whole the first time a server does not know them (as
 * node-redis does for the scripts it defines), and the keys are prefixed here. The app's client
 * may queue commands while a node is away; the timeout turns that wait into an outage.
 */
function appConnection(client: AppClient, keyPrefix: string, timeoutMs: number): Connection {
  const prefixed = (key: string) => `${keyPrefix}${key}`;
  const commands = client.withCommandOptions({ timeout: timeoutMs });
  const run = async (script: string, sha: string, keys: string[], args: string[]) => {
    const options = { keys: keys.map(prefixed), arguments: args };
    try {
      return await commands.evalSha(sha, options);
    } catch (error) {
      if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
      return commands.eval(script, options);
    }
  };
  return {
    get isReady() {
      return client.isReady;
    },
    get isOpen() {
      return client.isOpen;
    },
    hitLimits: async (keys, args) => (await run(hitScript, scriptHashes.hit, keys, args)) as number[],
    claimKey: async (key, value, ttlMs) =>
      (await run(claimScript, scriptHashes.claim, [key], [value, String(ttlMs)])) as [number, string?, number?],
    zRem: (key, member) => commands.zRem(prefixed(key), member),
    set: (key, value, options) => commands.set(prefixed(key), value, options),
    get: (key) => commands.get(prefixed(key)),
    del: (key) => commands.del(prefixed(key)),
    on: (event, listener) => client.on(event, listener),
    connect: () => connectIfClosed(client),
    // The app's client: the app closes it.
    close: async () => {},
  };
}

/**
 * Imports the client only when a RedisStore is made: `redis` is an optional peer dependency, so
 * an app that keeps its limits in memory (or only uses the element) never loads or installs it.
 */
async function connect(options: RedisStoreOptions, events: { error(error: Error): void; ready(): void }): Promise<Connection> {
  if (options.client) {
    const connection = appConnection(options.client as unknown as AppClient, options.keyPrefix ?? 'ctc:', options.commandTimeoutMs ?? 1000);
    return watched(connection, events);
  }
  const { createClient, createCluster, defineScript } = await import('redis');
  const scripts = {
    hitLimits: defineScript({
      SCRIPT: hitScript,
      parseCommand(parser: CommandParser, keys: string[], args: string[]) {
        parser.pushKeysLength(keys);
        parser.push(...args);
      },
      transformReply: undefined as unknown as () => number[],
    }),
    claimKey: defineScript({
      SCRIPT: claimScript,
      NUMBER_OF_KEYS: 1,
      parseCommand(parser: CommandParser, key: string, value: string, ttlMs: number) {
        parser.pushKey(key);
        parser.push(value, String(ttlMs));
      },
      transformReply: undefined as unknown as () => [claimed: number, value?: string, ttlMs?: number],
    }),
  };
  const shared = {
    keyPrefix: options.keyPrefix ?? 'ctc:',
    commandOptions: { timeout: options.commandTimeoutMs ?? 1000 },
    scripts,
  };
  const connection = (options.clusterUrls
    ? createCluster({
        ...shared,
        rootNodes: options.clusterUrls.map((url) => ({ url })),
        // What every node's connection does, the nodes found after the first included.
        defaults: { disableOfflineQueue: true, socket: redisSocket },
      })
    : createClient({ ...shared, url: options.url, disableOfflineQueue: true, socket: redisSocket })) as unknown as Connection;
  return watched(connection, events);
}

/** Follows a connection's errors and readiness, and connects it. */
function watched(connection: Connection, events: { error(error: Error): void; ready(): void }): Connection {
  connection.on('error', events.error);
  connection.on('ready', events.ready);
  // A cluster tells of each node's connection apart: one master down is an outage of its slots.
  connection.on('node-error', events.error);
  connection.on('node-ready', events.ready);
  // Not awaited: a proxy starts while Redis is down, and fails closed until it is up.
  connection.connect().catch(() => {});
  return connection;
}

/**
 * Limits and idempotency records in Redis, shared by every proxy instance that uses the same
 * server. Commands fail at once while disconnected (no offline queue), so an outage shows up as
 * StoreUnavailableError within `commandTimeoutMs` rather than as a hang; the client reconnects by
 * itself and the store recovers with it. Needs the `redis` package (`npm install redis`).
 *
 * @example
 * const store = new RedisStore({ url: process.env.REDIS_URL });
 * const handler = createClickToCallHandler({ ...credentials, destination, store });
 */
export class RedisStore implements Store {
  readonly #client: Promise<Connection>;
  #outage = false;

  constructor(options: RedisStoreOptions) {
    requireOneRedis('RedisStore', options);
    this.#client = connect(options, {
      error: (error) => {
        if (!this.#outage) options.onError?.(error);
        this.#outage = true;
      },
      ready: () => {
        this.#outage = false;
      },
    });
    this.#client.catch((error: Error) =>
      options.onError?.(new Error(`RedisStore needs the redis package (npm install redis): ${error.message}`)),
    );
  }

  /** Resolves once connected, for tests and start-up checks. */
  async ready(timeoutMs = 5000): Promise<void> {
    const client = await this.#client;
    const deadline = Date.now() + timeoutMs;
    while (!client.isReady) {
      if (Date.now() > deadline) throw new StoreUnavailableError(new Error('not connected'));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #run<T>(command: (client: Connection) => Promise<T>): Promise<T> {
    try {
      const client = await this.#client;
      if (!client.isReady) throw new Error('not connected');
      return await command(client);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async hit(rules: readonly LimitRule[]): Promise<HitResult> {
    // Each hit is its own member of the keys' sorted sets, so that exactly it can be taken back.
    const member = crypto.randomUUID();
    const keys = rules.map((rule) => limitKey(rule.key));
    const limits = rules.flatMap((rule) => [String(rule.limit), String(rule.windowMs)]);
    const reply = await this.#run((client) => client.hitLimits(keys, [member, ...limits]));
    return reply[0] === 0 ? { ok: true, receipt: member } : { ok: false, rule: reply[0]! - 1, retryAfterMs: reply[1]! };
  }

  async unhit(keys: readonly string[], receipt: HitReceipt): Promise<void> {
    await this.#run((client) => Promise.all(keys.map((key) => client.zRem(limitKey(key), String(receipt)))));
  }

  async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
    const [claimed, held, heldTtlMs] = await this.#run((client) => client.claimKey(key, value, ttlMs));
    return claimed === 1 ? { claimed: true } : { claimed: false, value: String(held ?? ''), ttlMs: Number(heldTtlMs ?? 0) };
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#run((client) => client.set(key, value, { expiration: { type: 'PX', value: ttlMs } }));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#run((client) => client.get(key))) ?? undefined;
  }

  async release(key: string): Promise<void> {
    await this.#run((client) => client.del(key));
  }

  async close(): Promise<void> {
    const client = await this.#client.catch(() => undefined);
    if (client?.isOpen) await client.close();
  }
}
