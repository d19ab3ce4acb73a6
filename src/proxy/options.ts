import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { callOptionNames, callOptionRules, checkCallOption } from '../core/call-options.js';
import type { CallOptionName, CallOptions } from '../core/call-options.js';
import type { NumberType } from 'libphonenumber-js/max';
import { jsonLineLogger } from './log.js';
import type { RequestLogger } from './log.js';
import { defaultLimits } from './protection.js';
import type { Limits } from './protection.js';
import { defaultCallableTypes } from './screening.js';
import { MemoryStore } from './stores/memory.js';
import type { Store } from './stores/store.js';
import type { CaptchaName, CaptchaSettings, VerifyHook } from './verification.js';

export const defaultApiUrl = 'https://s-ct3.sarv.com/v2/clickToCall/para';
/** How long the proxy waits for the provider unless told otherwise. */
export const defaultUpstreamTimeoutMs = 10_000;

/** A cap on a call option a browser may set; absent means the provider's own maximum. */
export interface BrowserOptionLimit {
  max?: number;
}

/** How the handler reaches the provider: the platform's fetch, or a stand-in such as the simulator's. */
export type ProviderFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Everything the handler needs, passed once to createClickToCallHandler. */

export interface ClickToCallOptions {
  /** The account's numeric user id. Secret: it never leaves the server. */
  userId: string;
  /** The account's token. Secret: it never leaves the server. */
  token: string;
  /** The provider's endpoint. */
  apiUrl?: string;
  /** The business's leg: a number, agent id or group id (several numbers or agents comma-separated). */
  destination: string;
  destinationType?: 'Number' | 'Agent' | 'Group';
  /** Which leg is rung first. */
  callFirst?: 'visitor' | 'destination';
  /** Origins, besides the proxy's own, whose pages may call it (`https://example.com`; `*` for any). */
  allowedOrigins?: string[];
  /** How to read a number written without a country code. */
  defaultCountry?: string;
  /** The countries whose numbers may be called. */
  allowedCountries?: string[];
  /** Read the client's address and origin from X-Forwarded-* headers (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** The call options a browser may set, with caps. Default: ring times, time limit (1 hour at most) and retry counts. */
  browserOptions?: Partial<Record<CallOptionName, BrowserOptionLimit>>;
  /** Call options the server sends on every call unless a browser sets an allowed one. */
  callDefaults?: CallOptions;
  /** Sliding-window rate limits: per visitor number, per client address, and for the whole account. */
  limits?: Partial<Limits>;
  /** A second call to one number within this time, under another Idempotency-Key, is a double submit (0: off). */
  doubleSubmitWindowMs?: number;
  /** How long an Idempotency-Key keeps its answer. */
  idempotencyTtlMs?: number;
  /** Where limits and idempotency records live. Default: a bounded in-memory store. */
  store?: Store;
  /** E.164 numbers (`+919876543210`) and prefixes ending in `*` (`+91140*`) that are never called. */
  blockedNumbers?: string[];
  /** The libphonenumber number types that may be called. Default: mobile, fixed line and VoIP. */
  allowedNumberTypes?: NumberType[];
  /** Built-in CAPTCHA checks, each on when its secret is set. */
  captcha?: Partial<Record<CaptchaName, CaptchaSettings>>;
  /** Your own check of a request; return false to refuse it with 403 verification-failed. */
  verify?: VerifyHook;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
  /** How long to wait for the provider, in milliseconds. */
  upstreamTimeoutMs?: number;
  /** Where the routes live: `${basePath}/call`, `${basePath}/healthz`. */
  basePath?: string;
  /** Says "simulator" in /healthz and the logs when the provider is the built-in simulator. */
  mode?: 'live' | 'simulator';
  /** The fetch used for the provider, aborted after `upstreamTimeoutMs` (the simulator's in tests and the demo). */
  fetch?: ProviderFetch;
  /** Receives one entry per request. Default: a JSON line on stderr. */
  log?: RequestLogger;
}

export type ResolvedOptions = Required<Omit<ClickToCallOptions, 'callDefaults' | 'limits' | 'verify'>> & {
  callDefaults: CallOptions;
  limits: Limits;
  verify: VerifyHook | undefined;
};

const numberTypes = [
  'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST',
  'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL',
] as const satisfies readonly NumberType[];

const limitSetting = z.object({
  limit: z.number().int().nonnegative({ error: 'must be a whole number of calls' }),
  windowMs: z.number().int().min(1000, { error: 'must be at least 1000 ms' }),
});

const captchaSettings = z.object({
  secret: z.string().min(1, { error: 'must be set' }),
  url: z.url({ protocol: /^https?$/ }).optional(),
  minScore: z.number().min(0).max(1).optional(),
});

export const defaultBrowserOptions: Partial<Record<CallOptionName, BrowserOptionLimit>> = {
  fromRingTime: {},
  toRingTime: {},
  timeLimit: { max: 3600 },
  fromRetryCount: {},
  toRetryCount: {},
};

/** Leg types follow from the configuration, so no browser may set them, whatever the policy says. */
const neverFromBrowser: readonly CallOptionName[] = ['fromType', 'toType'];

const countryCode = z
  .string()
  .transform((code) => code.trim().toUpperCase())
  .refine((code) => isSupportedCountry(code as never), { error: 'must be a country code such as IN' });

const origin = z.string().refine(
  (value) => {
    if (value === '*') return true;
    try {
      const url = new URL(value);
      return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:');
    } catch {
      return false;
    }
  },
  { error: 'must be an origin such as https://www.example.com (scheme and host, no path or trailing slash)' },
);

const optionsSchema = z.object({
  userId: z.string().regex(/^\d+$/, { error: "must be the account's numeric user id" }),
  token: z.string().trim().min(1, { error: 'must be set' }),
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(defaultApiUrl),
  destination: z
    .string()
    .trim()
    .min(1, { error: 'must be set: the number, agent id or group id that takes the calls' })
    .max(50, { error: 'must be at most 50 characters (the provider refuses longer values)' }),
  destinationType: z.enum(['Number', 'Agent', 'Group'], { error: 'must be Number, Agent or Group' }).default('Number'),
  callFirst: z.enum(['visitor', 'destination'], { error: 'must be visitor or destination' }).default('visitor'),
  allowedOrigins: z.array(origin).default([]),
  defaultCountry: countryCode.default('IN'),
  allowedCountries: z.array(countryCode).min(1, { error: 'must name at least one country' }).default(['IN']),
  trustProxy: z.boolean().default(false),
  browserOptions: z
    .partialRecord(
      z.enum(callOptionNames as [CallOptionName, ...CallOptionName[]]),
      z.object({ max: z.number().int().nonnegative().optional() }),
    )
    .default(defaultBrowserOptions),
  callDefaults: z.record(z.string(), z.unknown()).default({}),
  limits: z
    .object({
      perNumber: limitSetting.default(defaultLimits.perNumber),
      perClient: limitSetting.default(defaultLimits.perClient),
      global: limitSetting.default(defaultLimits.global),
    })
    .prefault({}),
  doubleSubmitWindowMs: z.number().int().nonnegative().default(60_000),
  idempotencyTtlMs: z.number().int().min(1000).default(10 * 60_000),
  store: z
    .custom<Store>((value) => typeof value === 'object' && value !== null && typeof (value as Store).hit === 'function', {
      error: 'must be a Store (MemoryStore, RedisStore, ...)',
    })
    .default(() => new MemoryStore()),
  blockedNumbers: z
    .array(z.string().regex(/^\+\d{1,15}\*?$/, { error: 'must be E.164 (+919876543210) or a prefix ending in * (+91140*)' }))
    .default([]),
  allowedNumberTypes: z.array(z.enum(numberTypes)).min(1).default([...defaultCallableTypes] as (typeof numberTypes)[number][]),
  captcha: z
    .object({ turnstile: captchaSettings.optional(), hcaptcha: captchaSettings.optional(), recaptcha: captchaSettings.optional() })
    .default({}),
  verify: z.custom<VerifyHook>((value) => typeof value === 'function', { error: 'must be a function' }).optional(),
  maxBodyBytes: z.number().int().min(256).max(1_048_576).default(4096),
  upstreamTimeoutMs: z.number().int().min(100).max(120_000).default(defaultUpstreamTimeoutMs),
  basePath: z.string().regex(/^(\/[\w.~-]+)*$/, { error: 'must be empty or a path such as /api' }).default(''),
  mode: z.enum(['live', 'simulator']).default('live'),
  fetch: z.custom<ProviderFetch>((value) => typeof value === 'function').default(() => globalThis.fetch.bind(globalThis)),
  log: z.custom<RequestLogger>((value) => typeof value === 'function').default(() => jsonLineLogger),
});

export class ConfigurationError extends Error {
  /** The option at fault, as a path: `allowedOrigins.1`. */
  readonly setting: string;
  constructor(setting: string, problem: string) {
    super(`click-to-call: invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigurationError';
    this.setting = setting;
  }
}

/** Applies the defaults and checks every setting once, so a bad configuration fails at start. */
export function resolveOptions(options: ClickToCallOptions): ResolvedOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigurationError(issue.path.join('.') || 'options', issue.message);
  }
  const resolved = result.data;
  for (const name of neverFromBrowser) {
    if (resolved.browserOptions[name]) {
      throw new ConfigurationError(`browserOptions.${name}`, 'follows from destinationType and callFirst, so no browser may set it');
    }
  }
  for (const [name, value] of Object.entries(resolved.callDefaults)) {
    const rule = callOptionRules[name as CallOptionName];
    if (!rule) throw new ConfigurationError(`callDefaults.${name}`, 'is not a call option the proxy knows');
    if (neverFromBrowser.includes(name as CallOptionName)) {
      throw new ConfigurationError(`callDefaults.${name}`, 'follows from destinationType and callFirst');
    }
    const code = checkCallOption(rule, value);
    if (code) throw new ConfigurationError(`callDefaults.${name}`, `is out of the provider's range (it would answer ${code})`);
  }
  return resolved as ResolvedOptions;
}
