import { ProviderSimulator } from '../simulator/simulator.js';
import { createClickToCallHandler } from './handler.js';
import type { ClickToCallHandler } from './handler.js';
import { ConfigurationError } from './options.js';
import type { ClickToCallOptions } from './options.js';

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
};

/** The destination the simulator calls when CTC_DESTINATION is not set: a number no visitor has. */
export const simulatedDestination = '9000000000';

export type Environment = Record<string, string | undefined>;

export interface ProxyFromEnvironment {
  handler: ClickToCallHandler;
  options: ClickToCallOptions;
  /** Present when no credentials are set: the built-in simulator standing in for the provider. */
  simulator: ProviderSimulator | undefined;
  /** A line that says where calls go, for the console; never the token. */
  description: string;
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
    throw new ConfigurationError(userId ? 'SARV_TOKEN' : 'SARV_USER_ID', 'must be set too: the credentials go together');
  }
  const simulator = userId ? undefined : new ProviderSimulator();
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
    mode: simulator ? 'simulator' : 'live',
    ...(simulator ? { fetch: simulator.fetch } : {}),
    ...extra,
  });
  let handler: ClickToCallHandler;
  try {
    handler = createClickToCallHandler(options);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const [root, ...rest] = error.setting.split('.');
    const name = environmentNames[root!];
    const problem = error.message.slice(error.message.indexOf(error.setting) + error.setting.length).trim();
    throw name ? new ConfigurationError(`${name}${rest.length ? ` (item ${Number(rest[0]) + 1})` : ''}`, problem) : error;
  }
  const description = simulator
    ? 'SIMULATOR MODE: SARV_USER_ID and SARV_TOKEN are not set, so calls go to the built-in simulator of the provider and no phone rings.'
    : `LIVE: calls are placed through ${new URL(options.apiUrl ?? 'https://s-ct3.sarv.com').host} to ${options.destinationType ?? 'Number'} ${options.destination}.`;
  return { handler, options, simulator, description };
}
