import { isSupportedCountry } from 'libphonenumber-js/max';
import type { NumberType } from 'libphonenumber-js/max';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { callOptionNames, callOptionRules, checkCallOption } from '../core/call-options.js';
import type { CallOptionName, CallOptions } from '../core/call-options.js';
import type { BrowserOptionLimit } from './checks/call-policy.js';
import type { CaptchaName, CaptchaSettings, VerifyHook } from './checks/verification.js';
import { jsonLineLogger } from './http/log.js';
import type { RequestLogger } from './http/log.js';
import type { Limits, LimitSetting } from './protection/limits.js';
import { MemoryStore } from './protection/stores/memory.js';
import type { Store } from './protection/stores/store.js';
import { OpeningHours, OpeningHoursError, parseOpeningHours, roundTheClock } from './business/hours.js';
import { redialStates } from './business/redial.js';
import type { RedialSetting } from './business/redial.js';
import { MemoryScheduler } from './business/scheduler.js';
import type { Scheduler } from './business/scheduler.js';
import type { EventWebhookSettings } from './business/webhooks.js';
import type { ProviderFetch } from './provider/call.js';
import { MemoryStatusChannel } from './status/channel.js';
import type { StatusChannel } from './status/channel.js';
import type { CallEventHook } from './status/tracker.js';

/** Everything the handler needs, passed once to createClickToCallHandler. Defaults: `defaultOptions`. */
export interface ClickToCallOptions {
  /** The account's numeric user id. Secret: it never leaves the server. */
  userId: string;
  /** The account's token. Secret: it never leaves the server. */
  token: string;
  /** The provider's endpoint. */
  apiUrl?: string;
  /** The business's leg: a number, agent id or group id (several numbers or agents comma-separated). */
  destination: string;
  /** What `destination` is. */
  destinationType?: 'Number' | 'Agent' | 'Group';
  /** Which leg is rung first. */
  callFirst?: 'visitor' | 'destination';
  /** Origins, besides the proxy's own, whose pages may call it (`https://example.com`; `*` for any). */
  allowedOrigins?: string[];
  /** The proxy's own public origins (`https://example.com`). Set them, and the request's Host is no longer trusted to say which origin is the proxy's own. */
  publicOrigins?: string[];
  /** How to read a number written without a country code. */
  defaultCountry?: string;
  /** The countries whose numbers may be called. */
  allowedCountries?: string[];
  /** Read the client's address and origin from X-Forwarded-* headers (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** The call options a browser may set, with caps. */
  browserOptions?: Partial<Record<CallOptionName, BrowserOptionLimit>>;
  /** Call options the server sends on every call unless a browser sets an allowed one. */
  callDefaults?: CallOptions;
  /** Sliding-window rate limits: per visitor number, per client address, and for the whole account. */
  limits?: Partial<Limits>;
  /** A second call to one number within this time, under another Idempotency-Key, is a double submit (0: off). */
  doubleSubmitWindowMs?: number;
  /** How long an Idempotency-Key keeps its answer. */
  idempotencyTtlMs?: number;
  /** Where limits and idempotency records live. Default: a bounded MemoryStore of this handler's own. */
  store?: Store;
  /** E.164 numbers (`+919876543210`) and prefixes ending in `*` (`+91140*`) that are never called. */
  blockedNumbers?: string[];
  /** The libphonenumber number types that may be called. */
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
  /** Says "simulator" in /healthz when the provider is the built-in simulator. */
  mode?: 'live' | 'simulator';
  /** How to reach the provider; aborted after `upstreamTimeoutMs`. Default: the platform's fetch. */
  fetch?: ProviderFetch;
  /** Receives one entry per request. Default: a JSON line on stderr. */
  log?: RequestLogger;
  /** The secret part of the push-report URL, `${basePath}/push-report/${secret}` (16 or more of A-Z a-z 0-9 _ -). Unset: no push-report route. */
  pushReportSecret?: string;
  /** How long a call's status stays readable at its statusUrl, in milliseconds. */
  statusTtlMs?: number;
  /** A call with no push report this long after it was placed ends `unknown`, in milliseconds. */
  outcomeTimeoutMs?: number;
  /** Where call statuses live. Default: `store`, unless that is a MemoryStore, when statuses get a MemoryStore of their own (so that a flood of limit keys cannot push them out). */
  statusStore?: Store;
  /** How a status change reaches the readers of every instance. Default: this handler's process only; RedisStatusChannel for many instances. */
  statusChannel?: StatusChannel;
  /** Told of every placed call (`requested`) and each state it enters, with the visitor's E.164 number. Never delays an answer; what it throws is logged. */
  onCallEvent?: CallEventHook;
  /** Signed webhooks (Standard Webhooks) to the business for each call requested and ended, with the visitor's number. Unset: none. */
  events?: EventWebhookSettings;
  /** Refuse a request that does not say what the visitor agreed to (400 consent-required): pair it with the element's `consent="required"`. */
  requireConsent?: boolean;
  /** The number the provider's calls show (the account's caller id), told to the visitor in each placed call's answer. Never chosen by a browser. */
  callerId?: string;
  /** When calls are taken: `Mon-Fri 09:00-18:00, Sat 10:00-14:00` in `timezone`. Unset: always. */
  openingHours?: string;
  /** The business's IANA time zone, for the opening hours. */
  timezone?: string;
  /** Local dates (`2026-12-25`) on which the business is closed all day. */
  closedDates?: string[];
  /** How many local days ahead `/availability` offers slots. */
  scheduleDays?: number;
  /** Minutes between two bookable start times, from midnight. */
  scheduleStepMinutes?: number;
  /** Where booked calls and webhook retries wait. Default: a MemoryScheduler of this handler's own (a restart loses them); RedisScheduler to keep them. */
  scheduler?: Scheduler;
  /** Try a call again after some endings: `{ states: ['no-answer', 'busy'], attempts: 2, intervalMs: 300_000 }`. Unset: never. */
  redial?: RedialSetting;
}

const hour = 3_600_000;

/** Every default of ClickToCallOptions, in one place. The store, fetch and log are made per handler. */
export const defaultOptions = {
  apiUrl: 'https://s-ct3.sarv.com/v2/clickToCall/para',
  destinationType: 'Number',
  callFirst: 'visitor',
  allowedOrigins: [],
  publicOrigins: [],
  defaultCountry: 'IN',
  allowedCountries: ['IN'],
  trustProxy: false,
  browserOptions: { fromRingTime: {}, toRingTime: {}, timeLimit: { max: 3600 }, fromRetryCount: {}, toRetryCount: {} },
  callDefaults: {},
  limits: {
    perNumber: { limit: 3, windowMs: hour },
    perClient: { limit: 10, windowMs: hour },
    global: { limit: 60, windowMs: 60_000 },
  },
  doubleSubmitWindowMs: 60_000,
  idempotencyTtlMs: 10 * 60_000,
  blockedNumbers: [],
  // Premium-rate, shared-cost and special-service numbers are left out.
  allowedNumberTypes: ['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP'],
  captcha: {},
  maxBodyBytes: 4096,
  upstreamTimeoutMs: 10_000,
  basePath: '',
  mode: 'live',
  requireConsent: false,
  statusTtlMs: 24 * hour,
  outcomeTimeoutMs: 10 * 60_000,
  timezone: 'Asia/Kolkata',
  closedDates: [],
  scheduleDays: 3,
  scheduleStepMinutes: 15,
} as const satisfies Omit<
  Required<ClickToCallOptions>,
  | 'userId'
  | 'token'
  | 'destination'
  | 'store'
  | 'verify'
  | 'fetch'
  | 'log'
  | 'pushReportSecret'
  | 'statusStore'
  | 'statusChannel'
  | 'onCallEvent'
  | 'events'
  | 'openingHours'
  | 'callerId'
  | 'scheduler'
  | 'redial'
> & {
  limits: Limits;
};

/** The options with every default applied and every value checked. */
export type ResolvedOptions = Required<
  Omit<ClickToCallOptions, 'limits' | 'verify' | 'pushReportSecret' | 'onCallEvent' | 'events' | 'openingHours' | 'callerId' | 'redial'>
> & {
  callerId: string | undefined;
  events: EventWebhookSettings | undefined;
  /** The opening hours, read; undefined when calls are taken at any time. */
  hours: OpeningHours | undefined;
  /** The hours a call may be booked in: the opening hours, or round the clock without them. */
  bookingHours: OpeningHours;
  redial: RedialSetting | undefined;
  limits: Limits;
  verify: VerifyHook | undefined;
  pushReportSecret: string | undefined;
  onCallEvent: CallEventHook | undefined;
};

/** A setting that cannot work, found when the handler is made rather than at the first visitor. */
export class ConfigurationError extends Error {
  /** The option at fault, as a path (`allowedOrigins.1`), or the environment variable. */
  readonly setting: string;
  /** What is wrong with it, as the end of a sentence that begins with the setting's name. */
  readonly problem: string;

  constructor(setting: string, problem: string) {
    super(`click-to-call: invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigurationError';
    this.setting = setting;
    this.problem = problem;
  }
}

const numberTypes = [
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
  'VOIP',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const satisfies readonly NumberType[];

const limitSetting = z.object({
  limit: z.int().check(z.nonnegative({ error: 'must be a whole number of calls' })),
  windowMs: z.int().check(z.minimum(1000, { error: 'must be at least 1000 ms' })),
}) satisfies z.ZodMiniType<LimitSetting>;

const captchaSettings = z.object({
  secret: z.string({ error: 'must be set' }).check(z.minLength(1, { error: 'must be set' })),
  url: z.optional(z.url({ protocol: /^https?$/ })),
  minScore: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
});

const countryCode = z.string().check(
  z.trim(),
  z.toUpperCase(),
  z.refine((code) => isSupportedCountry(code as never), { error: 'must be a country code such as IN' }),
);

const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:');
  } catch {
    return false;
  }
};
const originError = 'must be an origin such as https://www.example.com (scheme and host, no path or trailing slash)';
const origin = z.string().check(z.refine((value) => value === '*' || isOrigin(value), { error: originError }));

const isFunction = (value: unknown) => typeof value === 'function';
const isStore = (value: unknown) => typeof value === 'object' && value !== null && typeof (value as Store).hit === 'function';
const english = en();

/** The checks of every option, applied to the options with the defaults filled in. */
const optionsSchema = z.object({
  userId: z.string().check(z.regex(/^\d+$/, { error: "must be the account's numeric user id" })),
  token: z.string().check(z.trim(), z.minLength(1, { error: 'must be set' })),
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  destination: z
    .string({ error: 'must be set: the number, agent id or group id that takes the calls' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must be set: the number, agent id or group id that takes the calls' }),
      z.maxLength(50, { error: 'must be at most 50 characters (the provider refuses longer values)' }),
    ),
  destinationType: z.enum(['Number', 'Agent', 'Group'], { error: 'must be Number, Agent or Group' }),
  callFirst: z.enum(['visitor', 'destination'], { error: 'must be visitor or destination' }),
  allowedOrigins: z.array(origin),
  publicOrigins: z.array(
    z.string().check(
      z.refine((value) => value !== '*', { error: 'must be an origin, not *' }),
      z.refine(isOrigin, { error: originError }),
    ),
  ),
  defaultCountry: countryCode,
  allowedCountries: z.array(countryCode).check(z.minLength(1, { error: 'must name at least one country' })),
  trustProxy: z.boolean({ error: 'must be true or false' }),
  browserOptions: z.partialRecord(
    z.enum(callOptionNames as [CallOptionName, ...CallOptionName[]]),
    z.object({ max: z.optional(z.int().check(z.nonnegative())) }),
  ),
  callDefaults: z.record(z.string(), z.unknown()),
  limits: z.object({ perNumber: limitSetting, perClient: limitSetting, global: limitSetting }),
  doubleSubmitWindowMs: z.int().check(z.nonnegative()),
  idempotencyTtlMs: z.int().check(z.minimum(1000)),
  store: z.custom<Store>(isStore, { error: 'must be a Store (MemoryStore, RedisStore, ...)' }),
  blockedNumbers: z.array(
    z.string().check(z.regex(/^\+\d{1,15}\*?$/, { error: 'must be E.164 (+919876543210) or a prefix ending in * (+91140*)' })),
  ),
  allowedNumberTypes: z.array(z.enum(numberTypes)).check(z.minLength(1)),
  captcha: z.object({
    turnstile: z.optional(captchaSettings),
    hcaptcha: z.optional(captchaSettings),
    recaptcha: z.optional(captchaSettings),
  }),
  verify: z.optional(z.custom<VerifyHook>(isFunction, { error: 'must be a function' })),
  maxBodyBytes: z.int().check(z.minimum(256), z.maximum(1_048_576)),
  upstreamTimeoutMs: z.int().check(z.minimum(100), z.maximum(120_000)),
  basePath: z.string().check(z.regex(/^(\/[\w.~-]+)*$/, { error: 'must be empty or a path such as /api' })),
  mode: z.enum(['live', 'simulator']),
  fetch: z.custom<ProviderFetch>(isFunction, { error: 'must be a function' }),
  log: z.custom<RequestLogger>(isFunction, { error: 'must be a function' }),
  pushReportSecret: z.optional(
    z.string().check(z.regex(/^[\w-]{16,}$/, { error: 'must be at least 16 characters of A-Z, a-z, 0-9, _ and -' })),
  ),
  statusTtlMs: z.int().check(z.minimum(60_000, { error: 'must be at least a minute' })),
  outcomeTimeoutMs: z.int().check(z.minimum(1000, { error: 'must be at least a second' })),
  statusStore: z.custom<Store>(isStore, { error: 'must be a Store (MemoryStore, RedisStore, ...)' }),
  statusChannel: z.custom<StatusChannel>(
    (value) => typeof value === 'object' && value !== null && typeof (value as StatusChannel).subscribe === 'function',
    { error: 'must be a StatusChannel (MemoryStatusChannel, RedisStatusChannel, ...)' },
  ),
  onCallEvent: z.optional(z.custom<CallEventHook>(isFunction, { error: 'must be a function' })),
  events: z.optional(
    z.object({
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      secret: z.string({ error: 'must be set: a Standard Webhooks secret, whsec_ and 24 bytes or more in base64' }).check(
        z.regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, {
          error: 'must be a Standard Webhooks secret: whsec_ and 24 bytes or more in base64',
        }),
      ),
      retryDelaysMs: z.optional(z.array(z.int().check(z.nonnegative()))),
    }),
  ),
  openingHours: z.optional(z.string()),
  requireConsent: z.boolean({ error: 'must be true or false' }),
  callerId: z.optional(z.string().check(z.regex(/^\+?\d[\d -]{4,18}\d$/, { error: 'must be a phone number, such as +91 80 4567 8900' }))),
  timezone: z.string().check(z.refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Kolkata' })),
  closedDates: z.array(
    z.string().check(
      z.refine((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)), {
        error: 'must be a date such as 2026-12-25',
      }),
    ),
  ),
  scheduleDays: z.int().check(z.minimum(1), z.maximum(14)),
  scheduleStepMinutes: z.int().check(z.minimum(1), z.maximum(60)),
  scheduler: z.custom<Scheduler>((value) => typeof value === 'object' && value !== null && typeof (value as Scheduler).add === 'function', {
    error: 'must be a Scheduler (MemoryScheduler, RedisScheduler, ...)',
  }),
  redial: z.optional(
    z.object({
      states: z.array(z.enum(redialStates, { error: `must each be one of ${redialStates.join(', ')}` })).check(z.minLength(1)),
      attempts: z
        .int()
        .check(z.minimum(1, { error: 'must allow 1 to 5 more attempts' }), z.maximum(5, { error: 'must allow 1 to 5 more attempts' })),
      intervalMs: z.int().check(z.minimum(30_000, { error: 'must keep attempts at least 30 seconds apart' })),
    }),
  ),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The opening hours of the options, read once; the error names the item at fault. */
function hoursOf(options: { openingHours?: string | undefined; timezone: string; closedDates: string[] }): OpeningHours | undefined {
  if (options.openingHours === undefined || options.openingHours.trim() === '') return undefined;
  try {
    return new OpeningHours(parseOpeningHours(options.openingHours), options.timezone, options.closedDates);
  } catch (error) {
    if (!(error instanceof OpeningHoursError)) throw error;
    throw new ConfigurationError(`openingHours.${error.item}`, error.message);
  }
}

/** Leg types follow from the configuration, so no browser may set them, whatever the policy says. */
const neverFromBrowser: readonly CallOptionName[] = ['fromType', 'toType'];

/** The entries whose value is not undefined: an option given as undefined takes its default. */
function given<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Applies the defaults and checks every setting once, so a bad configuration fails at start. */
export function resolveOptions(options: ClickToCallOptions): ResolvedOptions {
  if (!options.userId && !options.token) {
    throw new ConfigurationError(
      'userId',
      "is not set, nor is token: the handler places calls with the account's credentials, which stay on the server. " +
        'Pass them, or try the proxy without an account against the provider simulator (see "Without an account" in docs/proxy.md).',
    );
  }
  const input = given(options);
  const store = input.store ?? new MemoryStore();
  const merged = {
    ...defaultOptions,
    store,
    statusStore: store instanceof MemoryStore ? new MemoryStore() : store,
    statusChannel: new MemoryStatusChannel(),
    scheduler: new MemoryScheduler(),
    fetch: globalThis.fetch.bind(globalThis),
    log: jsonLineLogger,
    ...input,
    limits: { ...defaultOptions.limits, ...given(input.limits ?? {}) },
  };
  // English messages for the checks that name none of their own, for this parse only (no global zod setting).
  const result = optionsSchema.safeParse(merged, { error: english.localeError });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigurationError(issue.path.join('.') || 'options', issue.message);
  }
  const hours = hoursOf(result.data);
  const bookingHours = hours ?? new OpeningHours(parseOpeningHours(roundTheClock), result.data.timezone, result.data.closedDates);
  const resolved = { ...result.data, hours, bookingHours } as ResolvedOptions;
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
  return resolved;
}
