/**
 * The call options a request may carry, by their provider names, with the provider's documented
 * ranges and the code it answers for each fault. The element checks them before sending and the
 * proxy checks them again, so a fault is caught with the code the provider itself would give.
 */
interface IntegerRule {
  kind: 'integer';
  min: number;
  max?: number;
  /** Not a whole number (or zero where the minimum is 1). */
  invalid: string;
  negative: string;
  tooLarge?: string;
}

interface ChoiceRule {
  kind: 'choice';
  values: readonly string[];
  invalid: string;
}

export type CallOptionRule = IntegerRule | ChoiceRule;

const legTypes = ['Number', 'Agent', 'Group'] as const;
const strategies = ['ONE_BY_ONE', 'TO_ALL'] as const;

export const callOptionRules = {
  fromType: { kind: 'choice', values: legTypes, invalid: '1503' },
  toType: { kind: 'choice', values: legTypes, invalid: '1505' },
  fromStrategy: { kind: 'choice', values: strategies, invalid: '1522' },
  toStrategy: { kind: 'choice', values: strategies, invalid: '1523' },
  fromRingTime: { kind: 'integer', min: 0, max: 50, invalid: '1524', negative: '1525', tooLarge: '1550' },
  toRingTime: { kind: 'integer', min: 0, max: 50, invalid: '1526', negative: '1527', tooLarge: '1551' },
  timeLimit: { kind: 'integer', min: 1, invalid: '1534', negative: '1533' },
  fromRetryCount: { kind: 'integer', min: 0, max: 3, invalid: '1528', negative: '1529', tooLarge: '1548' },
  toRetryCount: { kind: 'integer', min: 0, max: 3, invalid: '1530', negative: '1531', tooLarge: '1549' },
} as const satisfies Record<string, CallOptionRule>;

export type CallOptionName = keyof typeof callOptionRules;
export const callOptionNames = Object.keys(callOptionRules) as CallOptionName[];

export type LegType = (typeof legTypes)[number];
export type Strategy = (typeof strategies)[number];

export interface CallOptions {
  fromType?: LegType;
  toType?: LegType;
  fromStrategy?: Strategy;
  toStrategy?: Strategy;
  fromRingTime?: number;
  toRingTime?: number;
  timeLimit?: number;
  fromRetryCount?: number;
  toRetryCount?: number;
}

/** The body the element posts to the proxy. Listeners of `ctc-submit` may add fields of their own. */
export interface CallRequest extends CallOptions {
  phone: string;
  [extra: string]: unknown;
}

/**
 * The provider's own parameters that no browser may set, whatever the policy: the account's
 * credentials, the legs, and the routing that belongs to the account's set-up.
 */
export const serverOnlyParameters = [
  'user_id',
  'token',
  'from',
  'to',
  'destination',
  'mode',
  'fromCLI',
  'toCLI',
  'ringTone',
  'alertAudio',
  'timeLimitHangup',
  'timeLimtAlert',
  'fromWebLogin',
  'fromCallLogin',
  'toWebLogin',
  'toCallLogin',
  'sticky',
  'stickyTimeType',
  'stickyTimeValue',
  'stickyAgentBusy',
  'queueTimeout',
] as const;

/** The code a value gets from `rule`, or undefined when the provider would take it. */
export function checkCallOption(rule: CallOptionRule, value: unknown): string | undefined {
  if (rule.kind === 'choice') {
    return typeof value === 'string' && rule.values.includes(value) ? undefined : rule.invalid;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return rule.invalid;
  if (value < 0) return rule.negative;
  if (value < rule.min) return rule.invalid;
  if (rule.max !== undefined && value > rule.max) return rule.tooLarge;
  return undefined;
}
