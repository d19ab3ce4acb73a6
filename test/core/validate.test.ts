import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callOptionNames, serverOnlyParameters } from '../../src/core/call-options.js';
import { parseCallRequest } from '../../src/proxy/checks/schema.js';
import { checkCallRequestShape } from '../../src/core/validate.js';

/** What each validator says of a body: ok, or the first fault's code and field. */
function verdicts(body: unknown) {
  const browser = checkCallRequestShape(body);
  const proxy = parseCallRequest(body);
  return {
    browser: browser.ok ? 'ok' : `${browser.code}@${browser.field ?? ''}`,
    proxy: proxy.ok ? 'ok' : `${proxy.issues[0]!.code}@${proxy.issues[0]!.field ?? ''}`,
  };
}

const values: unknown[] = [
  0,
  1,
  2,
  3,
  4,
  20,
  50,
  51,
  300,
  -1,
  -0.5,
  1.5,
  1e9,
  Number.MAX_SAFE_INTEGER,
  '20',
  '',
  'Number',
  'Agent',
  'Group',
  'number',
  'ONE_BY_ONE',
  'TO_ALL',
  'to_all',
  null,
  true,
  false,
  [],
  [1],
  {},
  { a: 1 },
];
const phones: unknown[] = [
  '9876543210',
  ' 98765 43210 ',
  '',
  '   ',
  'x'.repeat(50),
  'x'.repeat(51),
  ` ${'9'.repeat(50)} `,
  9876543210,
  null,
  [],
  {},
];

/** Bodies that exercise every rule, alone and two at a time, so the order of checks is compared too. */
function corpus(): unknown[] {
  const bodies: unknown[] = [undefined, null, 0, 'phone', [], [{ phone: '9876543210' }], true];
  for (const phone of phones) bodies.push({ phone }, {});
  for (const name of callOptionNames) {
    for (const value of values) {
      bodies.push({ phone: '9876543210', [name]: value });
      bodies.push({ phone: '', [name]: value });
      for (const other of callOptionNames) {
        if (other !== name) bodies.push({ phone: '9876543210', [name]: value, [other]: -1 });
      }
    }
  }
  for (const name of serverOnlyParameters) {
    bodies.push({ phone: '9876543210', [name]: '123' }, { phone: '9876543210', fromRingTime: 99, [name]: 1 });
  }
  bodies.push({ phone: '9876543210', 'cf-turnstile-response': 'abc', utm_source: 'ads' });
  return bodies;
}

describe('request validation: the browser check and the proxy schema', () => {
  it('agree on every body of the corpus, down to the code and field of the first fault', () => {
    const bodies = corpus();
    assert.ok(bodies.length > 2000, `corpus has ${bodies.length} bodies`);
    const disagreements = bodies.map((body) => ({ body, ...verdicts(body) })).filter(({ browser, proxy }) => browser !== proxy);
    assert.deepEqual(disagreements, []);
  });

  it("answer out-of-range options with the provider's own codes", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fromRingTime: 51 }, '1550@fromRingTime'],
      [{ fromRingTime: -1 }, '1525@fromRingTime'],
      [{ fromRingTime: 2.5 }, '1524@fromRingTime'],
      [{ toRingTime: 51 }, '1551@toRingTime'],
      [{ toRingTime: -3 }, '1527@toRingTime'],
      [{ toRingTime: 'x' }, '1526@toRingTime'],
      [{ timeLimit: 0 }, '1534@timeLimit'],
      [{ timeLimit: -60 }, '1533@timeLimit'],
      [{ fromRetryCount: 4 }, '1548@fromRetryCount'],
      [{ toRetryCount: 4 }, '1549@toRetryCount'],
      [{ fromRetryCount: -1 }, '1529@fromRetryCount'],
      [{ toRetryCount: -1 }, '1531@toRetryCount'],
      [{ fromType: 'Robot' }, '1503@fromType'],
      [{ toType: 'number' }, '1505@toType'],
      [{ fromStrategy: 'ALL' }, '1522@fromStrategy'],
      [{ toStrategy: '' }, '1523@toStrategy'],
    ];
    for (const [options, expected] of cases) {
      assert.equal(verdicts({ phone: '9876543210', ...options }).proxy, expected, JSON.stringify(options));
    }
  });

  it('accepts the documented boundaries', () => {
    for (const options of [{ fromRingTime: 0 }, { toRingTime: 50 }, { timeLimit: 1 }, { fromRetryCount: 3 }, { toType: 'Group' }]) {
      assert.deepEqual(verdicts({ phone: '9876543210', ...options }), { browser: 'ok', proxy: 'ok' });
    }
  });

  it('refuses any attempt to set a leg or the credentials from the body', () => {
    for (const name of ['to', 'from', 'destination', 'token', 'user_id']) {
      assert.equal(verdicts({ phone: '9876543210', [name]: '9999999999' }).proxy, `option-not-allowed@${name}`);
    }
  });

  it('keeps fields it does not know, for verification hooks, and trims the phone', () => {
    const result = parseCallRequest({ phone: ' 98765 43210 ', captcha: 'abc' });
    assert.ok(result.ok);
    assert.deepEqual(result.body, { phone: '98765 43210', captcha: 'abc' });
  });
});
