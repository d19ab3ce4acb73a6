// Node's module resolver, to tell at start whether redis and bullmq are installed. The handler never imports
// this file, so an edge bundle of the handler drops it with the rest of the Node runtime.
import { createRequire } from 'node:module';
import { ProviderSimulator } from '../../simulator/simulator.js';
import { RedisScheduler } from '../business/redis-scheduler.js';
import { MemoryScheduler } from '../business/scheduler.js';
import type { Scheduler } from '../business/scheduler.js';
import { createClickToCallHandler } from '../handler.js';
import type { ClickToCallHandler } from '../handler.js';
import { jsonLineLogger } from '../http/log.js';
import { ConfigurationError, defaultOptions } from '../options.js';
import type { ClickToCallOptions } from '../options.js';
import type { LimitSetting } from '../protection/limits.js';
import { FallbackStore } from '../protection/stores/fallback.js';
import { MemoryStore } from '../protection/stores/memory.js';
import { RedisStore } from '../protection/stores/redis.js';
import type { Store } from '../protection/stores/store.js';
import { MemoryStatusChannel } from '../status/channel.js';
import type { StatusChannel } from '../status/channel.js';
import { RedisStatusChannel } from '../status/redis-channel.js';
import { newStatusToken } from '../status/tracker.js';
import { resolveServerOptions } from './server-options.js';
import type { ServerOptions } from './server-options.js';

export type Environment = Record<string, string | undefined>;

/** One environment variable the proxy reads: the setting it fills, and how its text is read. */
export interface EnvironmentVariable {
  name: string;
  /** An option path of ClickToCallOptions (`limits.perNumber`), or `redis.*` and `server.*` (ServerOptions) for the store and the listener. */
  setting: string;
  /** Reads the trimmed, non-empty text; throws a ConfigurationError naming `name` when it cannot. */
  read: (text: string, name: string) => unknown;
  /** Shown as "(set)" in the start-up line, never as its value. */
  secret?: true;
}

const text = (value: string) => value;

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function flag(value: string, name: string): boolean {
  const lower = value.toLowerCase();
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  throw new ConfigurationError(name, 'must be on or off (1/0, true/false, yes/no)');
}

const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `90s`, `10m`, `1h` or `1d`, in milliseconds. */
function duration(value: string, name: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(value);
  if (!match) throw new ConfigurationError(name, 'must be a duration such as 30s, 10m, 1h or 1d');
  return Number(match[1]) * units[match[2]!]!;
}

/** A limit such as `3/1h`: at most 3 calls in any hour. */
function limit(value: string, name: string): LimitSetting {
  const [count, window] = value.split('/');
  if (!/^\d+$/.test(count?.trim() ?? '') || window === undefined) {
    throw new ConfigurationError(name, 'must be calls per duration, such as 3/1h or 60/1m');
  }
  return { limit: Number(count), windowMs: duration(window.trim(), name) };
}

function number(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigurationError(name, 'must be a number');
  return parsed;
}

function count(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new ConfigurationError(name, 'must be a whole number');
  return Number(value);
}

function port(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigurationError(name, 'must be a port number (0-65535)');
  return Number(value);
}

function fallback(value: string, name: string): 'none' | 'memory' {
  const lower = value.toLowerCase();
  if (lower !== 'none' && lower !== 'memory') throw new ConfigurationError(name, 'must be none or memory');
  return lower;
}

/** `no-answer,busy:2x5m`: the endings, then how many more attempts and how far apart. options.ts checks each part. */
function redial(value: string, name: string): { states: string[]; attempts: number; intervalMs: number } {
  const match = /^([^:]+):\s*(\d+)\s*x\s*(\S+)$/i.exec(value);
  if (!match)
    throw new ConfigurationError(name, 'must be endings and attempts, such as no-answer,busy:2x5m (2 more attempts, 5 minutes apart)');
  return { states: list(match[1]!.toLowerCase()), attempts: Number(match[2]), intervalMs: duration(match[3]!, name) };
}

/** Every environment variable the proxy reads, in the order the docs list them. */
export const environmentVariables: readonly EnvironmentVariable[] = [
  { name: 'SARV_USER_ID', setting: 'userId', read: text, secret: true },
  { name: 'SARV_TOKEN', setting: 'token', read: text, secret: true },
  { name: 'SARV_API_URL', setting: 'apiUrl', read: text },
  { name: 'CTC_DESTINATION', setting: 'destination', read: text },
  { name: 'CTC_DESTINATION_TYPE', setting: 'destinationType', read: text },
  { name: 'CTC_CALL_FIRST', setting: 'callFirst', read: text },
  { name: 'CTC_ALLOWED_ORIGINS', setting: 'allowedOrigins', read: list },
  { name: 'CTC_PUBLIC_ORIGIN', setting: 'publicOrigins', read: list },
  { name: 'CTC_DEFAULT_COUNTRY', setting: 'defaultCountry', read: text },
  { name: 'CTC_ALLOWED_COUNTRIES', setting: 'allowedCountries', read: list },
  { name: 'CTC_TRUST_PROXY', setting: 'trustProxy', read: flag },
  { name: 'CTC_LIMIT_PER_NUMBER', setting: 'limits.perNumber', read: limit },
  { name: 'CTC_LIMIT_PER_CLIENT', setting: 'limits.perClient', read: limit },
  { name: 'CTC_LIMIT_GLOBAL', setting: 'limits.global', read: limit },
  { name: 'CTC_DOUBLE_SUBMIT_WINDOW', setting: 'doubleSubmitWindowMs', read: (value, name) => (value === '0' ? 0 : duration(value, name)) },
  { name: 'CTC_BLOCKED_NUMBERS', setting: 'blockedNumbers', read: list },
  { name: 'CTC_ALLOWED_NUMBER_TYPES', setting: 'allowedNumberTypes', read: (value) => list(value.toUpperCase()) },
  { name: 'CTC_TURNSTILE_SECRET', setting: 'captcha.turnstile.secret', read: text, secret: true },
  { name: 'CTC_HCAPTCHA_SECRET', setting: 'captcha.hcaptcha.secret', read: text, secret: true },
  { name: 'CTC_RECAPTCHA_SECRET', setting: 'captcha.recaptcha.secret', read: text, secret: true },
  { name: 'CTC_RECAPTCHA_MIN_SCORE', setting: 'captcha.recaptcha.minScore', read: number },
  { name: 'CTC_PUSH_REPORT_SECRET', setting: 'pushReportSecret', read: text, secret: true },
  { name: 'CTC_STATUS_TTL', setting: 'statusTtlMs', read: duration },
  { name: 'CTC_OUTCOME_TIMEOUT', setting: 'outcomeTimeoutMs', read: duration },
  { name: 'CTC_EVENTS_URL', setting: 'events.url', read: text },
  { name: 'CTC_EVENTS_SECRET', setting: 'events.secret', read: text, secret: true },
  { name: 'CTC_REQUIRE_CONSENT', setting: 'requireConsent', read: flag },
  { name: 'CTC_CALLER_ID', setting: 'callerId', read: text },
  { name: 'CTC_OPENING_HOURS', setting: 'openingHours', read: text },
  { name: 'CTC_TIMEZONE', setting: 'timezone', read: text },
  { name: 'CTC_CLOSED_DATES', setting: 'closedDates', read: list },
  { name: 'CTC_SCHEDULE_DAYS', setting: 'scheduleDays', read: count },
  { name: 'CTC_SCHEDULE_STEP', setting: 'scheduleStepMinutes', read: count },
  { name: 'CTC_REDIAL', setting: 'redial', read: redial },
  { name: 'CTC_SIMULATOR_REPORT_DELAY', setting: 'simulator.reportDelayMs', read: duration },
  // A Redis URL can hold a password.
  { name: 'REDIS_URL', setting: 'redis.url', read: text, secret: true },
  { name: 'REDIS_CLUSTER_URLS', setting: 'redis.clusterUrls', read: list, secret: true },
  { name: 'CTC_REDIS_FALLBACK', setting: 'redis.fallback', read: fallback },
  { name: 'PORT', setting: 'server.port', read: port },
  { name: 'HOST', setting: 'server.host', read: text },
  { name: 'CTC_HEADERS_TIMEOUT', setting: 'server.headersTimeoutMs', read: duration },
  { name: 'CTC_REQUEST_TIMEOUT', setting: 'server.requestTimeoutMs', read: duration },
  { name: 'CTC_KEEP_ALIVE_TIMEOUT', setting: 'server.keepAliveTimeoutMs', read: duration },
  { name: 'CTC_MAX_CONNECTIONS', setting: 'server.maxConnections', read: count },
];

interface EnvironmentSettings extends Partial<ClickToCallOptions> {
  redis?: { url?: string; clusterUrls?: string[]; fallback?: 'none' | 'memory' };
  simulator?: { reportDelayMs?: number };
  server?: Partial<ServerOptions>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split('.');
  let place = target;
  for (const name of names.slice(0, -1)) {
    place[name] ??= {};
    place = place[name] as Record<string, unknown>;
  }
  place[names.at(-1)!] = value;
}

/** The settings the environment gives, and the start-up line that says which (secrets as "(set)"). */
function readEnvironment(env: Environment): { settings: EnvironmentSettings; shown: string } {
  const settings: Record<string, unknown> = {};
  const shown: string[] = [];
  for (const variable of environmentVariables) {
    const value = env[variable.name]?.trim();
    if (!value) continue;
    setPath(settings, variable.setting, variable.read(value, variable.name));
    shown.push(`${variable.name}=${variable.secret ? '(set)' : value}`);
  }
  return { settings, shown: `Settings from the environment: ${shown.length > 0 ? shown.join(', ') : 'none, so the defaults'}` };
}

/**
 * The same error, naming the environment variable behind the option at fault (`allowedOrigins.1`
 * is `CTC_ALLOWED_ORIGINS (item 2)`), where one is.
 */
function inEnvironmentTerms(error: ConfigurationError): ConfigurationError {
  const path = error.setting.split('.');
  const behind = environmentVariables
    .map((variable) => ({ variable, parts: variable.setting.split('.') }))
    .filter(({ parts }) => parts.every((part, index) => path[index] === part))
    .sort((a, b) => b.parts.length - a.parts.length)[0];
  if (!behind) return error;
  const rest = path.slice(behind.parts.length);
  const where = rest.length === 0 ? '' : /^\d+$/.test(rest[0]!) ? ` (item ${Number(rest[0]) + 1})` : ` (${rest.join('.')})`;
  return new ConfigurationError(`${behind.variable.name}${where}`, error.problem);
}

/** Whether an optional peer dependency (`redis`, `bullmq`) can be loaded from here. */
function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** What a part of the runtime (the store, the status channel) has to say, as one JSON line on stderr. */
const sayAs = (part: string) => (message: string) => console.error(JSON.stringify({ time: new Date().toISOString(), [part]: message }));

/** Where Redis is, as the store and the channel take it: one server, or a cluster's seed nodes. */
function redisServer(redis: EnvironmentSettings['redis'] = {}): { url: string } | { clusterUrls: string[] } | undefined {
  if (redis.url && redis.clusterUrls?.length)
    throw new ConfigurationError('REDIS_CLUSTER_URLS', 'is set beside REDIS_URL: set one of them');
  if (redis.clusterUrls?.length) return { clusterUrls: redis.clusterUrls };
  return redis.url ? { url: redis.url } : undefined;
}

function storeFrom(redis: EnvironmentSettings['redis'] = {}): Store {
  const server = redisServer(redis);
  if (!server) return new MemoryStore();
  if (!installed('redis')) {
    throw new ConfigurationError(
      'url' in server ? 'REDIS_URL' : 'REDIS_CLUSTER_URLS',
      'needs the redis package beside click-to-call: npm install redis',
    );
  }
  const say = sayAs('store');
  const store = new RedisStore({ ...server, onError: (error) => say(`redis unavailable: ${error.message}`) });
  if ((redis.fallback ?? 'none') === 'none') return store;
  return new FallbackStore(store, new MemoryStore(), (usingFallback) =>
    say(usingFallback ? "redis unavailable: limits now held in this instance's memory only" : 'redis is back: limits shared again'),
  );
}

function channelFrom(redis: EnvironmentSettings['redis'] = {}): StatusChannel {
  const server = redisServer(redis);
  if (!server) return new MemoryStatusChannel();
  const say = sayAs('statusChannel');
  return new RedisStatusChannel({ ...server, onError: (error) => say(`redis unavailable: ${error.message}`) });
}

/**
 * Booked calls and webhook retries: a BullMQ queue on Redis when bullmq is installed (and, on a
 * cluster, ioredis), else this process's memory, said at start.
 */
function schedulerFrom(redis: EnvironmentSettings['redis'] = {}): Scheduler {
  const server = redisServer(redis);
  if (!server) return new MemoryScheduler();
  const say = sayAs('scheduler');
  const missing = ['bullmq', ...('clusterUrls' in server ? ['ioredis'] : [])].filter((name) => !installed(name));
  if (missing.length > 0) {
    say(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed: booked calls and webhook retries are kept in this process only, and a restart loses them (npm install ${missing.join(' ')})`,
    );
    return new MemoryScheduler();
  }
  return new RedisScheduler({ ...server, onError: (error) => say(`redis unavailable: ${error.message}`) });
}

/** The destination the simulator calls when CTC_DESTINATION is not set: a number no visitor has. */
export const simulatedDestination = '9000000000';

export interface ProxyFromEnvironment {
  handler: ClickToCallHandler;
  options: ClickToCallOptions;
  /** Where limits, idempotency records and call statuses live; close it on shutdown. */
  store: Store;
  /** How status changes reach the readers of every instance (Redis pub/sub with REDIS_URL). */
  statusChannel: StatusChannel;
  /** Present when no credentials are set: the built-in simulator standing in for the provider. */
  simulator: ProviderSimulator | undefined;
  /** How the command-line proxy listens: PORT, HOST and the connection bounds. */
  server: ServerOptions;
  /** A line that says where calls go, for the console; never the token. */
  description: string;
  /** A line that names the environment variables in force, secrets as "(set)". */
  settings: string;
  /**
   * In simulator mode, sends the simulator's push reports to this proxy's push-report route at
   * `proxyUrl` (where it listens), so a call's outcome comes back as the real provider's would.
   * Does nothing with real credentials: the provider's panel holds that URL.
   */
  connectSimulator(proxyUrl: string): void;
  /** Closes the store, the channel and the scheduler; for shutdown. */
  close(): Promise<void>;
}

/**
 * Builds the handler from the environment variables of `environmentVariables`. Without
 * SARV_USER_ID and SARV_TOKEN the provider is the built-in simulator, and `description` says so.
 * Errors name the variable at fault. `extra` options win over the environment.
 *
 * @example
 * const proxy = proxyFromEnvironment(process.env);
 * console.log(proxy.description);
 * createServer(nodeListener(proxy.handler)).listen(proxy.server.port, proxy.server.host);
 */
export function proxyFromEnvironment(env: Environment, extra: Partial<ClickToCallOptions> = {}): ProxyFromEnvironment {
  const { settings, shown } = readEnvironment(env);
  const { redis, server, simulator: simulation, ...fromEnvironment } = settings;
  if (Boolean(fromEnvironment.userId) !== Boolean(fromEnvironment.token)) {
    throw new ConfigurationError(fromEnvironment.userId ? 'SARV_TOKEN' : 'SARV_USER_ID', 'must be set too: the credentials go together');
  }
  const listening = resolveServerOptions(server ?? {});
  const simulator = fromEnvironment.userId ? undefined : new ProviderSimulator();
  const store = storeFrom(redis);
  const statusChannel = channelFrom(redis);
  const scheduler = schedulerFrom(redis);
  const options: ClickToCallOptions = {
    // The simulator reports to a route of its own proxy, so it needs a secret even when none is set.
    pushReportSecret: simulator ? newStatusToken() : undefined,
    statusChannel,
    scheduler,
    ...fromEnvironment,
    userId: fromEnvironment.userId ?? simulator!.account.userId,
    token: fromEnvironment.token ?? simulator!.account.token,
    destination: fromEnvironment.destination ?? (simulator ? simulatedDestination : ''),
    store,
    log: jsonLineLogger,
    mode: simulator ? 'simulator' : 'live',
    fetch: simulator?.fetch,
    ...extra,
  };
  let handler: ClickToCallHandler;
  try {
    handler = createClickToCallHandler(options);
  } catch (error) {
    void store.close();
    void statusChannel.close();
    void scheduler.close();
    throw error instanceof ConfigurationError ? inEnvironmentTerms(error) : error;
  }
  const description = simulator
    ? 'SIMULATOR MODE: SARV_USER_ID and SARV_TOKEN are not set, so calls go to the built-in simulator of the provider and no phone rings.'
    : `LIVE: calls are placed through ${new URL(options.apiUrl ?? defaultOptions.apiUrl).host} to ${options.destinationType ?? defaultOptions.destinationType} ${options.destination}.`;
  return {
    handler,
    options,
    store,
    simulator,
    server: listening,
    description,
    settings: shown,
    statusChannel,
    connectSimulator(proxyUrl) {
      if (!simulator) return;
      simulator.pushReports = {
        url: new URL(`${options.basePath ?? ''}/push-report/${options.pushReportSecret}`, proxyUrl).href,
        delayMs: simulation?.reportDelayMs ?? 3000,
        callFirst: options.callFirst ?? defaultOptions.callFirst,
      };
    },
    close: async () => {
      await Promise.all([store.close(), statusChannel.close(), scheduler.close()]);
    },
  };
}
