import type { PhoneErrorCode } from './codes.js';

/**
 * What the provider accepts for a country: its calling code, the length of a national number,
 * the trunk prefix people write in front of it, and the numbers it will ring. Only countries
 * listed here get exact checks in the browser; any other number gets a length check and the
 * proxy (libphonenumber-js, full metadata) decides.
 */
export interface CountryRule {
  callingCode: string;
  nationalLength: number;
  trunkPrefix: string;
  /** The national numbers the provider rings. */
  pattern: RegExp;
}

/** India: the provider documents 10-digit mobile numbers (`98765XXXXX`), and these are exactly the ones it takes. */
export const countryRules: Readonly<Record<string, CountryRule>> = {
  IN: { callingCode: '91', nationalLength: 10, trunkPrefix: '0', pattern: /^[6-9]\d{9}$/ },
};

/** E.164 bounds, for countries without a rule of their own. */
const minDigits = 5;
const maxDigits = 15;
/** The provider refuses any value longer than this (its code 1569). */
export const maxPhoneInputLength = 50;

export type PhoneReading =
  | { ok: true; country: string | undefined; national: string | undefined; international: string | undefined }
  | { ok: false; reason: PhoneErrorCode };

/** Zero code points of the digit sets visitors type on Indian and Arabic keyboards, and full-width digits. */
const digitZeros = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xff10];

function asciiDigit(char: string): string | undefined {
  const point = char.codePointAt(0)!;
  for (const zero of digitZeros) {
    if (point >= zero && point <= zero + 9) return String(point - zero);
  }
  return undefined;
}

/** Spaces, dashes, dots, slashes and brackets people put between digit groups. */
const separator = /[\s\u00a0\u2010-\u2015\-.()/]/u;

/**
 * Reads what a visitor typed as a phone number the way the provider needs it. `country` (ISO 3166
 * alpha-2) is how to read a number written without a country code; `allowed` are the countries
 * that may be called. Runs in the browser; the proxy runs it too, then libphonenumber-js.
 */
export function readPhone(input: string, country: string, allowed: readonly string[] = [country]): PhoneReading {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > maxPhoneInputLength) return { ok: false, reason: 'too-long' };

  let digits = '';
  let plus = false;
  for (const char of text) {
    const digit = asciiDigit(char);
    if (digit !== undefined) digits += digit;
    else if (char === '+' && digits === '' && !plus) plus = true;
    else if (!separator.test(char)) return { ok: false, reason: 'not-a-number' };
  }
  if (digits === '') return { ok: false, reason: 'not-a-number' };

  const international = plus || digits.startsWith('00');
  if (!plus && international) digits = digits.slice(2);
  const home = country.toUpperCase();

  if (international) {
    const match = allowed
      .map((code) => [code.toUpperCase(), countryRules[code.toUpperCase()]] as const)
      .find(([, rule]) => rule && digits.startsWith(rule.callingCode));
    if (match) return readNational(digits.slice(match[1]!.callingCode.length), match[0], match[1]!);
    if (digits.length < minDigits) return { ok: false, reason: 'too-short' };
    // Only countries with a rule here have a known calling code; any other allowed one leaves it to the proxy.
    if (allowed.every((code) => countryRules[code.toUpperCase()])) return { ok: false, reason: 'unsupported-country' };
    if (digits.length > maxDigits) return { ok: false, reason: 'too-long' };
    return { ok: true, country: undefined, national: undefined, international: `+${digits}` };
  }

  const rule = countryRules[home];
  if (!rule) {
    if (digits.length < minDigits) return { ok: false, reason: 'too-short' };
    if (digits.length > maxDigits) return { ok: false, reason: 'too-long' };
    return { ok: true, country: home, national: digits, international: undefined };
  }
  // People in India often write the country code without a plus: 91 98765 43210.
  const withCode = digits.length === rule.callingCode.length + rule.nationalLength && digits.startsWith(rule.callingCode);
  return readNational(withCode ? digits.slice(rule.callingCode.length) : digits, home, rule);
}

function readNational(digits: string, country: string, rule: CountryRule): PhoneReading {
  const withTrunk = digits.length === rule.trunkPrefix.length + rule.nationalLength && digits.startsWith(rule.trunkPrefix);
  const national = withTrunk ? digits.slice(rule.trunkPrefix.length) : digits;
  if (national.length < rule.nationalLength) return { ok: false, reason: 'too-short' };
  if (national.length > rule.nationalLength) return { ok: false, reason: 'too-long' };
  if (!rule.pattern.test(national)) return { ok: false, reason: 'invalid-number' };
  return { ok: true, country, national, international: `+${rule.callingCode}${national}` };
}
