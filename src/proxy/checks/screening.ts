import type { NumberType } from 'libphonenumber-js/max';

export interface ScreeningPolicy {
  /** E.164 numbers (`+919876543210`) and prefixes ending in `*` (`+91140*`). */
  blockedNumbers: readonly string[];
  /** The libphonenumber number types that may be called. */
  allowedNumberTypes: readonly NumberType[];
}

export type ScreeningVerdict = { ok: true } | { ok: false; code: 'number-blocked' | 'number-type-not-allowed' };

/** Whether the business blocked this number, by itself or by a prefix. */
export function isBlocked(e164: string, blockedNumbers: readonly string[]): boolean {
  return blockedNumbers.some((entry) => (entry.endsWith('*') ? e164.startsWith(entry.slice(0, -1)) : e164 === entry));
}

/** Refuses blocked numbers and numbers of a type the business did not allow. */
export function screenNumber(e164: string, type: NumberType | undefined, policy: ScreeningPolicy): ScreeningVerdict {
  if (isBlocked(e164, policy.blockedNumbers)) return { ok: false, code: 'number-blocked' };
  // A number whose type libphonenumber cannot tell is refused: "unknown" is not "callable".
  if (!type || !policy.allowedNumberTypes.includes(type)) return { ok: false, code: 'number-type-not-allowed' };
  return { ok: true };
}
