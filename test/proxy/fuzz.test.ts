import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { callOptionRules } from '../../src/core/call-options.js';
import { clientErrorCodes, phoneErrorCodes, protectionErrorCodes, requestErrorCodes, upstreamErrorCodes } from '../../src/core/codes.js';
import { checkCallRequestShape } from '../../src/core/validate.js';
import { readVisitorPhone } from '../../src/proxy/checks/visitor-phone.js';
import { proxyUrl, setup } from './helpers.js';

/** Every code the README documents: the proxy's own and the provider's range codes. */
const documentedCodes = new Set<string>([
  ...phoneErrorCodes,
  ...requestErrorCodes,
  ...upstreamErrorCodes,
  ...protectionErrorCodes,
  ...clientErrorCodes,
  ...Object.values(callOptionRules).flatMap((rule) =>
    Object.values(rule).filter((value): value is string => /^\d{4}$/.test(String(value))),
  ),
]);

const optionNames = [...Object.keys(callOptionRules), 'to', 'from', 'token', 'user_id', 'destination', 'phone'];

/** A value of any JSON type, with the awkward ones made likely. */
const awkwardValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, 51, -1, 4, '', ' ', '\u0000', '\u202e9876543210', '٩٨٧٦٥٤٣٢١٠x'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const bodyText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? ''),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.dictionary(fc.constantFrom(...optionNames), awkwardValue, { maxKeys: 6 }).map((body) => JSON.stringify(body)),
  fc.record({ phone: fc.string({ unit: 'binary', maxLength: 60 }) }).map((body) => JSON.stringify(body)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 1500 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 4000, max: 40_000 }).map((size) => JSON.stringify({ phone: '9876543210', pad: 'x'.repeat(size) })),
  fc.integer({ min: 16, max: 400 }).map((digits) => JSON.stringify({ phone: '9'.repeat(digits) })),
);

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'APPLICATION/JSON',
    'application/json, application/json',
    'application/jsonx',
    '',
  ),
  fc.string({ maxLength: 40 }),
);

const requestParts = fc.record({
  method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, fc.constantFrom('PUT', 'PATCH', 'DELETE')),
  contentType: fc.option(contentType, { nil: undefined }),
  body: bodyText,
  idempotencyKeys: fc.array(fc.string({ maxLength: 300 }), { maxLength: 2 }),
  origin: fc.option(fc.constantFrom('https://shop.example', 'https://evil.example', 'null', 'not an origin'), { nil: undefined }),
});

/** Whether a request is in fact a good one, which the property does not speak of. */
function isValidCall(parts: { method: string; contentType: string | undefined; body: string }): boolean {
  if (parts.method !== 'POST' || !/^application\/json(;|$)/i.test(parts.contentType ?? '')) return false;
  try {
    const shape = checkCallRequestShape(JSON.parse(parts.body));
    return shape.ok && readVisitorPhone(shape.body.phone, { defaultCountry: 'IN', allowedCountries: ['IN'] }).ok;
  } catch {
    return false;
  }
}

function latin1(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

describe('malformed requests (property-based)', () => {
  it('get a documented 4xx error, never an exception, and never reach the provider', async () => {
    const context = setup();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(requestParts, async (parts) => {
        fc.pre(!isValidCall(parts));
        tried += 1;
        const headers = new Headers();
        if (parts.contentType !== undefined) headers.set('Content-Type', latin1(parts.contentType));
        for (const key of parts.idempotencyKeys) headers.append('Idempotency-Key', latin1(key));
        if (parts.origin) headers.set('Origin', parts.origin);
        const answer = await context.send(new Request(proxyUrl, { method: parts.method, headers, body: parts.body }));
        assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status} for ${JSON.stringify(parts).slice(0, 200)}`);
        assert.equal(answer.body.status, 'error');
        assert.ok(documentedCodes.has(answer.body.code as string), `undocumented code ${String(answer.body.code)}`);
        assert.equal(typeof answer.body.message, 'string');
      }),
      { numRuns: 4000, seed: 20261128 },
    );
    assert.ok(tried > 3900, `ran ${tried} requests`);
    assert.equal(context.simulator.requests, 0);
    assert.ok(context.logs.length >= tried, 'every request was logged');
  });

  it('never place a call for a body that breaks a rule, whatever else it holds', async () => {
    const context = setup();
    const brokenBody = fc
      .record({
        phone: fc.oneof(fc.string({ maxLength: 60 }), fc.integer(), fc.constant(undefined)),
        extra: fc.dictionary(fc.constantFrom(...optionNames), awkwardValue, { maxKeys: 4 }),
      })
      .map(({ phone, extra }) => ({ ...extra, ...(phone === undefined ? {} : { phone }) }));
    await fc.assert(
      fc.asyncProperty(brokenBody, async (body) => {
        fc.pre(!isValidCall({ method: 'POST', contentType: 'application/json', body: JSON.stringify(body) }));
        const answer = await context.post(body);
        assert.ok(answer.status === 400 || answer.status === 403, `status ${answer.status}`);
        assert.ok(documentedCodes.has(answer.body.code as string), `undocumented code ${String(answer.body.code)}`);
      }),
      { numRuns: 2000, seed: 7 },
    );
    assert.equal(context.simulator.requests, 0);
  });
});
