import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { countryRules, readPhone } from '../../src/core/phone-rules.js';
import { readVisitorPhone } from '../../src/proxy/checks/visitor-phone.js';

const india = { defaultCountry: 'IN', allowedCountries: ['IN'] };

/** A small deterministic generator of numbers in [0, 1) (mulberry32), so the corpus is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function corpus(): string[] {
  const inputs = new Set<string>();
  const prefixes = ['', '+91', '+91 ', '91', '0', '0091 ', '+91 0', '+1 ', '+44 ', '00', '+', '++91'];
  const separators = ['', ' ', '-', '.', '(', ')'];
  const next = random(42);
  for (let i = 0; i < 4000; i++) {
    // Half plausible mobiles (10 digits, 6-9 first), half anything from 6 to 14 digits.
    const plausible = next() < 0.5;
    const length = plausible ? 10 : 6 + Math.floor(next() * 9);
    let digits = plausible ? String(6 + Math.floor(next() * 4)) : '';
    while (digits.length < length) digits += Math.floor(next() * 10);
    const prefix = prefixes[Math.floor(next() * prefixes.length)]!;
    const separator = separators[Math.floor(next() * separators.length)]!;
    inputs.add(prefix + digits.slice(0, 5) + separator + digits.slice(5));
  }
  for (const first of '0123456789') inputs.add(`${first}876543210`);
  for (const odd of [
    '',
    ' ',
    'abc',
    '98765abc10',
    '9876543210 ext 5',
    'call 9876543210',
    '+',
    '+-',
    '٩٨٧٦٥٤٣٢١٠',
    '९८७६५४३२१०',
    '９８７６５４３２１０',
    '98765\u00a043210',
    '98765–43210',
    '+91 (98765) 43210',
    '+9 1 98765 43210',
    '9'.repeat(51),
  ]) {
    inputs.add(odd);
  }
  return [...inputs];
}

describe('reading a visitor number', () => {
  it('reads every usual Indian form as the 10-digit national number', () => {
    for (const input of [
      '+91 98765 43210',
      '098765 43210',
      '9876543210',
      '91 98765 43210',
      '0091-98765-43210',
      '+91 (98765) 43210',
      '+91 098765 43210',
      '९८७६५४३२१०',
    ]) {
      const reading = readPhone(input, 'IN');
      assert.ok(reading.ok, input);
      assert.equal(reading.national, '9876543210', input);
      const proxy = readVisitorPhone(input, india);
      assert.ok(proxy.ok, input);
      assert.equal(proxy.upstream, '9876543210', input);
    }
  });

  it('names the reason a number is refused', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['  ', 'empty'],
      ['nine eight seven', 'not-a-number'],
      ['98765abc10', 'not-a-number'],
      ['call 9876543210', 'not-a-number'],
      ['9876543210 ext 5', 'not-a-number'],
      ['98765', 'too-short'],
      ['+91 98765', 'too-short'],
      ['98765432101', 'too-long'],
      ['9'.repeat(51), 'too-long'],
      ['+1 202 555 0123', 'unsupported-country'],
      ['+44 20 7946 0958', 'unsupported-country'],
      ['1234567890', 'invalid-number'],
      ['5876543210', 'invalid-number'],
    ];
    for (const [input, reason] of cases) {
      assert.deepEqual(readPhone(input, 'IN'), { ok: false, reason }, input);
      assert.deepEqual(readVisitorPhone(input, india), { ok: false, reason }, input);
    }
  });

  it('agrees with the proxy (libphonenumber-js, full metadata) on a corpus of 4,000 inputs', () => {
    const inputs = corpus();
    assert.ok(inputs.length > 3500);
    const disagreements = inputs.flatMap((input) => {
      const browser = readPhone(input, 'IN');
      const proxy = readVisitorPhone(input, india);
      const browserSays = browser.ok ? `ok:${browser.national}` : browser.reason;
      const proxySays = proxy.ok ? `ok:${proxy.upstream}` : proxy.reason;
      return browserSays === proxySays ? [] : [{ input, browserSays, proxySays }];
    });
    assert.deepEqual(disagreements, []);
    const accepted = inputs.filter((input) => readPhone(input, 'IN').ok).length;
    assert.ok(accepted > 1000, `the corpus holds valid numbers too (${accepted})`);
  });

  it('leaves numbers of allowed countries without a browser rule to the proxy', () => {
    const both = { defaultCountry: 'IN', allowedCountries: ['IN', 'US'] };
    assert.deepEqual(readPhone('+1 202 555 0123', 'IN', both.allowedCountries), {
      ok: true,
      country: undefined,
      national: undefined,
      international: '+12025550123',
    });
    const proxy = readVisitorPhone('+1 202 555 0123', both);
    assert.ok(proxy.ok);
    assert.equal(proxy.upstream, '12025550123');
    assert.equal(proxy.country, 'US');
    assert.deepEqual(readVisitorPhone('+1 555 555 5555', both), { ok: false, reason: 'invalid-number' });
    assert.deepEqual(readVisitorPhone('+44 20 7946 0958', both), { ok: false, reason: 'unsupported-country' });
  });

  it("gives each number libphonenumber's own validity and type, in every country", () => {
    const everywhere = { defaultCountry: 'IN', allowedCountries: getCountries() };
    const next = random(7);
    let valid = 0;
    // Countries with a browser rule (India) take fewer numbers than libphonenumber, by design: see above.
    for (const country of getCountries().filter((code) => !countryRules[code])) {
      for (let i = 0; i < 40; i++) {
        let digits = '';
        const length = 6 + Math.floor(next() * 7);
        while (digits.length < length) digits += Math.floor(next() * 10);
        const input = `+${getCountryCallingCode(country)}${digits}`;
        const library = parsePhoneNumberFromString(input);
        const expected = library?.country && library.isValid() ? library.getType() : undefined;
        const proxy = readVisitorPhone(input, everywhere);
        assert.equal(proxy.ok ? proxy.type : undefined, expected, input);
        if (expected) valid += 1;
      }
    }
    assert.ok(valid > 500, `the sample holds valid numbers too (${valid})`);
  });

  it("reads Indian numbers to the library's own number, country and type", () => {
    const next = random(11);
    const types = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      let national = String(6 + Math.floor(next() * 4));
      while (national.length < 10) national += Math.floor(next() * 10);
      const proxy = readVisitorPhone(national, india);
      const library = parsePhoneNumberFromString(national, 'IN')!;
      assert.ok(proxy.ok && library.isValid(), national);
      assert.deepEqual([proxy.e164, proxy.country, proxy.type], [library.number, library.country, library.getType()], national);
      types.add(String(proxy.type));
    }
    // India's numbers from 6 to 9 hold fixed lines as well as mobiles (80 is Bengaluru's area code).
    assert.deepEqual([...types].sort(), ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'MOBILE']);
  });
});
