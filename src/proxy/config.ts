import { createRequire } from 'node:module';
import { ProviderSimulator } from '../simulator/simulator.js';
import { createClickToCallHandler } from './handler.js';
import type { ClickToCallHandler } from './handler.js';
import { jsonLineLogger } from './log.js';
import { ConfigurationError } from './options.js';
import type { ClickToCallOptions } from './options.js';
import type { LimitSetting } from './protection.js';
import { FallbackStore } from './stores/fallback.js';
import { MemoryStore } from './stores/memory.js';
import { RedisStore } from './stores/redis.js';
import type { Store } from './stores/store.js';

/** The environment variable behind each option, so a configuration error names what to fix. */
const environmentNames: Record<string, string> = {
  userId: 'SARV_USER_ID',
  token: 'SARV_TOKEN',
  apiUrl: 'SARV_API_URL',
  destination: 'CTC_DESTINATION',
  destinationType: 'CTC_DESTINATION_TYPE',
  callFirst: 'CTC_CALL_FIRST',
  allowedOrigins: 'CTC_ALLOWED_ORIGINS',
  defaultCountry: 'CTC_DEFAULT_COUNTRY',
  allowedCountries: 'CTC_ALLOWED_COUNTRIES',
  trustProxy: 'CTC_TRUST_PROXY',
  blockedNumbers: 'CTC_BLOCKED_NUMBERS',
  allowedNumberTypes: 'CTC_ALLOWED_NUMBER_TYPES',
  captcha: 'CTC_TURNSTILE_SECRET / CTC_HCAPTCHA_SECRET / CTC_RECAPTCHA_SECRET',
};

/** The destination the simulator calls when CTC_DESTINATION is not set: a number no visitor has. */
export const simulatedDestination = '9000000000';

export type Environment = Record<string, string | undefined>;

export interface ProxyFromEnvironment {
  handler: ClickToCallHandler;
  options: ClickToCallOptions;
  /** Where limits and idempotency records live; close it on shutdown. */
  store: Store;
  /** Present when no credentials are set: the built-in simulator standing in for the provider. */
  simulator: ProviderSimulator | undefined;
  /** A line that says where calls go, for the console; never the token. */
  description: string;
  /** Closes the store; for shutdown. */
  close(): Promise<void>;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function flag(name: string, value: string | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(text)) return false;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  throw new ConfigurationError(name, 'must be on or off (1/0, true/false, yes/no)');
}

const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads a duration such as `90s`, `10m`, `1h` or `1d`. */
function duration(name: string, text: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!match) throw new ConfigurationError(name, 'must be a duration such as 30s, 10m, 1h or 1d');
  return Number(match[1]) * units[match[2]!]!;
}

/** Reads a limit such as `3/1h`: at most 3 calls in any hour. */
function limit(name: string, value: string | undefined): LimitSetting | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const [count, window] = value.split('/');
  if (!/^\d+$/.test(count?.trim() ?? '') || window === undefined) {
    throw new ConfigurationError(name, 'must be calls per duration, such as 3/1h or 60/1m');
  }
  return { limit: Number(count), windowMs: duration(name, window) };
}

/** Whether the optional peer dependency `redis` can be loaded from here. */
function redisInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('redis');
    return true;
  } catch {
    return false;
  }
}

function storeFrom(env: Environment): Store {
  const url = env['REDIS_URL']?.trim();
  const fallback = (env['CTC_REDIS_FALLBACK']?.trim() || 'none').toLowerCase();
  if (fallback !== 'none' && fallback !== 'memory') throw new ConfigurationError('CTC_REDIS_FALLBACK', 'must be none or memory');
  if (!url) return new MemoryStore();
  if (!redisInstalled()) throw new ConfigurationError('REDIS_URL', 'needs the redis package beside click-to-call: npm install redis');
  const say = (message: string) => console.error(JSON.stringify({ time: new Date().toISOString(), store: message }));
  const redis = new RedisStore({ url, onError: (error) => say(`redis unavailable: ${error.message}`) });
  if (fallback === 'none') return redis;
  return new FallbackStore(redis, new MemoryStore(), (usingFallback) =>
    say(usingFallback ? 'redis unavailable: limits now held in this instance\'s memory only' : 'redis is back: limits shared again'),
  );
}

function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Builds the handler from the environment variables in design.md's table. Without SARV_USER_ID
 * and SARV_TOKEN the provider is the built-in simulator. Errors name the variable at fault.
 */
export function proxyFromEnvironment(env: Environment, extra: Partial<ClickToCallOptions> = {}): ProxyFromEnvironment {
  const userId = env['SARV_USER_ID']?.trim() || undefined;
  const token = env['SARV_TOKEN']?.trim() || undefined;
  if (Boolean(userId) !== Boolean(token)) {
    throw new ConfigurationError(!userId ? 'SARV_USER_ID' : 'SARV_TOKEN', 'must be set too: the credentials go together');
  }
  const simulator = userId ? undefined : new ProviderSimulator();
  const captcha: NonNullable<ClickToCallOptions['captcha']> = {};
  for (const name of ['turnstile', 'hcaptcha', 'recaptcha'] as const) {
    const secret = env[`CTC_${name.toUpperCase()}_SECRET`]?.trim();
    if (secret) captcha[name] = { secret };
  }
  const minScore = env['CTC_RECAPTCHA_MIN_SCORE']?.trim();
  if (captcha.recaptcha && minScore) captcha.recaptcha.minScore = Number(minScore);
  const doubleSubmit = env['CTC_DOUBLE_SUBMIT_WINDOW']?.trim();
  const store = storeFrom(env);
  const close = () => store.close();
  const options: ClickToCallOptions = defined({
    userId: userId ?? simulator!.account.userId,
    token: token ?? simulator!.account.token,
    apiUrl: env['SARV_API_URL']?.trim() || undefined,
    destination: env['CTC_DESTINATION']?.trim() || (simulator ? simulatedDestination : ''),
    destinationType: (env['CTC_DESTINATION_TYPE']?.trim() || undefined) as ClickToCallOptions['destinationType'],
    callFirst: (env['CTC_CALL_FIRST']?.trim() || undefined) as ClickToCallOptions['callFirst'],
    allowedOrigins: list(env['CTC_ALLOWED_ORIGINS']),
    defaultCountry: env['CTC_DEFAULT_COUNTRY']?.trim() || undefined,
    allowedCountries: list(env['CTC_ALLOWED_COUNTRIES']),
    trustProxy: flag('CTC_TRUST_PROXY', env['CTC_TRUST_PROXY']),
    limits: defined({
      perNumber: limit('CTC_LIMIT_PER_NUMBER', env['CTC_LIMIT_PER_NUMBER']),
      perClient: limit('CTC_LIMIT_PER_CLIENT', env['CTC_LIMIT_PER_CLIENT']),
      global: limit('CTC_LIMIT_GLOBAL', env['CTC_LIMIT_GLOBAL']),
    }),
    doubleSubmitWindowMs: doubleSubmit ? (doubleSubmit === '0' ? 0 : duration('CTC_DOUBLE_SUBMIT_WINDOW', doubleSubmit)) : undefined,
    blockedNumbers: list(env['CTC_BLOCKED_NUMBERS']),
    allowedNumberTypes: list(env['CTC_ALLOWED_NUMBER_TYPES']?.toUpperCase()) as ClickToCallOptions['allowedNumberTypes'],
    captcha,
    store,
    log: jsonLineLogger,
    mode: simulator ? 'simulator' : 'live',
    fetch: simulator?.fetch,
    ...extra,
  });
  let handler: ClickToCallHandler;
  try {
    handler = createClickToCallHandler(options);
  } catch (error) {
    void close();
    if (!(error instanceof ConfigurationError)) throw error;
    const [root, ...rest] = error.setting.split('.');
    const name = environmentNames[root!];
    const problem = error.message.slice(error.message.indexOf(error.setting) + error.setting.length).trim();
    throw name ? new ConfigurationError(`${name}${rest.length ? ` (item ${Number(rest[0]) + 1})` : ''}`, problem) : error;
  }
  const description = simulator
    ? 'SIMULATOR MODE: SARV_USER_ID and SARV_TOKEN are not set, so calls go to the built-in simulator of the provider and no phone rings.'
    : `LIVE: calls are placed through ${new URL(options.apiUrl ?? 'https://s-ct3.sarv.com').host} to ${options.destinationType ?? 'Number'} ${options.destination}.`;
  return { handler, options, store, simulator, description, close };
}
