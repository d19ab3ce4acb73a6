import type { LimitRule } from './stores/store.js';

/** At most `limit` calls in any `windowMs`. */
export interface LimitSetting {
  limit: number;
  windowMs: number;
}

export interface Limits {
  perNumber: LimitSetting;
  perClient: LimitSetting;
  global: LimitSetting;
}

/** A rule one call is counted against, with the code the visitor gets when it refuses. */
export interface CountedRule extends LimitRule {
  code: 'duplicate-submission' | 'rate-limited-global' | 'rate-limited-client' | 'rate-limited-number';
}

/**
 * The rules a call is counted against, in the order they are checked, all in one atomic hit. A
 * double submit (a second call to one number within `doubleSubmitWindowMs`, under any key) is a
 * limit of one per window, checked first; 0 turns it off.
 */
export function limitRules(limits: Limits, doubleSubmitWindowMs: number, e164: string, clientAddress: string): CountedRule[] {
  const rules: CountedRule[] = [
    globalRule(limits),
    { key: `limit:client:${clientAddress}`, ...limits.perClient, code: 'rate-limited-client' },
    numberRule(limits, e164),
  ];
  if (doubleSubmitWindowMs > 0) {
    rules.unshift({ key: `limit:double-submit:${e164}`, limit: 1, windowMs: doubleSubmitWindowMs, code: 'duplicate-submission' });
  }
  return rules;
}

/** The account's budget: every call placed counts, whoever asked for it. */
export function globalRule(limits: Limits): CountedRule {
  return { key: 'limit:global', ...limits.global, code: 'rate-limited-global' };
}

/** The visitor's number's budget: each call to it counts, redial attempts included. */
export function numberRule(limits: Limits, e164: string): CountedRule {
  return { key: `limit:number:${e164}`, ...limits.perNumber, code: 'rate-limited-number' };
}
