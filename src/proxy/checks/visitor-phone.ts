import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import type { PhoneErrorCode } from '../../core/codes.js';
import { countryRules, readPhone } from '../../core/phone-rules.js';

export interface PhonePolicy {
  /** How to read a number written without a country code (ISO 3166 alpha-2). */
  defaultCountry: string;
  /** The countries whose numbers may be called. */
  allowedCountries: readonly string[];
}

export type VisitorPhone =
  | {
      ok: true;
      country: string;
      /** E.164, with the plus. */
      e164: string;
      /** What goes into the provider's `from` or `to`. */
      upstream: string;
      /** libphonenumber's type of the number, where its metadata knows it. */
      type: NumberType | undefined;
    }
  | { ok: false; reason: PhoneErrorCode };

/**
 * Reads a visitor's number with the browser's own rule first (so the proxy never accepts what the
 * element refuses, and libphonenumber's lenient extraction of numbers from text never applies),
 * then with libphonenumber-js's full metadata for validity, type and country.
 *
 * Upstream form: for a country with a rule in core/phone-rules.ts (India), the national number the
 * provider documents (`98765XXXXX`); for any other country, E.164 digits without the plus, the
 * form the provider's push reports use (our inference: the API page shows only Indian numbers).
 */
export function readVisitorPhone(input: string, policy: PhonePolicy): VisitorPhone {
  const reading = readPhone(input, policy.defaultCountry, policy.allowedCountries);
  if (!reading.ok) return reading;
  const parsed = reading.international
    ? parsePhoneNumberFromString(reading.international)
    : parsePhoneNumberFromString(reading.national!, policy.defaultCountry.toUpperCase() as CountryCode);
  // With the full metadata, a valid number is one that has a type (the library's own isValid()
  // asks getType()), so asking for the type once answers both.
  const type = parsed?.country ? parsed.getType() : undefined;
  if (!parsed?.country || type === undefined) return { ok: false, reason: 'invalid-number' };
  if (!policy.allowedCountries.some((code) => code.toUpperCase() === parsed.country)) {
    return { ok: false, reason: 'unsupported-country' };
  }
  const rule = countryRules[parsed.country];
  if (rule && !rule.pattern.test(parsed.nationalNumber)) return { ok: false, reason: 'invalid-number' };
  return {
    ok: true,
    country: parsed.country,
    e164: parsed.number,
    upstream: rule ? parsed.nationalNumber : parsed.number.slice(1),
    type,
  };
}
