import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FallbackStore } from '../../src/proxy/protection/stores/fallback.js';
import { MemoryStore } from '../../src/proxy/protection/stores/memory.js';
import { StoreUnavailableError } from '../../src/proxy/protection/stores/store.js';
import type { Store } from '../../src/proxy/protection/stores/store.js';
import { madeUpSecret, proxyUrl, secretToken, setup } from './helpers.js';

/** A distinct valid Indian mobile number for each n. */
const number = (n: number) => `98${String(76543210 + n).padStart(8, '0')}`;

function postFrom(context: ReturnType<typeof setup>, body: unknown, headers: Record<string, string> = {}, clientAddress = '203.0.113.7') {
  return context.send(
    new Request(proxyUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
    { clientAddress },
  );
}

describe('abuse protection', () => {
  describe('rate limits', () => {
    it('allows 3 calls an hour to one number, then 429 rate-limited-number with Retry-After', async () => {
      const context = setup({ doubleSubmitWindowMs: 0 });
      for (let i = 0; i < 3; i++) assert.equal((await postFrom(context, { phone: number(1) })).status, 200);
      const refused = await postFrom(context, { phone: number(1) });
      assert.deepEqual([refused.status, refused.body.code], [429, 'rate-limited-number']);
      const wait = Number(refused.headers.get('Retry-After'));
      assert.ok(wait > 3590 && wait <= 3600, `Retry-After ${wait}`);
      assert.equal((await postFrom(context, { phone: number(2) })).status, 200);
      assert.equal(context.simulator.calls.length, 4);
    });

    it('allows 10 calls an hour from one client address, then 429 rate-limited-client; others go on', async () => {
      const context = setup();
      for (let i = 0; i < 10; i++) assert.equal((await postFrom(context, { phone: number(i) })).status, 200);
      const refused = await postFrom(context, { phone: number(10) });
      assert.deepEqual([refused.status, refused.body.code], [429, 'rate-limited-client']);
      assert.equal((await postFrom(context, { phone: number(10) }, {}, '198.51.100.1')).status, 200);
    });

    it('holds a global budget for the whole account', async () => {
      const context = setup({ limits: { global: { limit: 5, windowMs: 60_000 } } });
      for (let i = 0; i < 5; i++) assert.equal((await postFrom(context, { phone: number(i) }, {}, `10.0.0.${i}`)).status, 200);
      const refused = await postFrom(context, { phone: number(9) }, {}, '10.0.1.1');
      assert.deepEqual([refused.status, refused.body.code], [429, 'rate-limited-global']);
      assert.ok(Number(refused.headers.get('Retry-After')) <= 60);
      assert.equal(context.simulator.calls.length, 5);
    });

    it('reads the client address from X-Forwarded-For only when trusting a reverse proxy, and then its last entry', async () => {
      const spoof = (n: number) => ({ 'X-Forwarded-For': `1.1.1.${n}, 192.0.2.50` });
      const trusting = setup({ trustProxy: true, limits: { perClient: { limit: 2, windowMs: 60_000 } } });
      for (let i = 0; i < 2; i++) assert.equal((await postFrom(trusting, { phone: number(i) }, spoof(i))).status, 200);
      const refused = await postFrom(trusting, { phone: number(5) }, spoof(5));
      assert.equal(refused.body.code, 'rate-limited-client', 'rotating the first entry does not escape the limit');

      const untrusting = setup({ limits: { perClient: { limit: 2, windowMs: 60_000 } } });
      for (let i = 0; i < 2; i++) assert.equal((await postFrom(untrusting, { phone: number(i) }, spoof(i))).status, 200);
      assert.equal((await postFrom(untrusting, { phone: number(5) }, spoof(5))).body.code, 'rate-limited-client');
      assert.equal((await postFrom(untrusting, { phone: number(6) }, {}, '192.0.2.99')).status, 200);
    });

    it('gives a hit back when the call was certainly not placed', async () => {
      const context = setup({ limits: { perNumber: { limit: 1, windowMs: 60_000 } } });
      context.simulator.account.token = madeUpSecret('rotated');
      assert.equal((await postFrom(context, { phone: number(1) })).body.code, 'provider-rejected');
      context.simulator.account.token = secretToken;
      assert.equal((await postFrom(context, { phone: number(1) })).status, 200, 'neither the limit nor the double-submit lock was spent');
    });
  });

  describe('idempotency', () => {
    it('answers a repeated key with the first answer and places one call', async () => {
      const context = setup();
      const first = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-1' });
      const second = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-1' });
      assert.equal(first.status, 200);
      assert.deepEqual([second.status, second.body], [200, first.body]);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(context.simulator.calls.length, 1);
    });

    it('places one call for concurrent requests with one key; the others wait or replay', async () => {
      const context = setup({ upstreamTimeoutMs: 2000 });
      context.simulator.misbehave({ kind: 'delay', ms: 150 });
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'same' })),
      );
      assert.equal(context.simulator.requests, 1);
      assert.equal(answers.filter((answer) => answer.status === 200).length, 1);
      for (const answer of answers.filter((one) => one.status !== 200)) {
        assert.deepEqual([answer.status, answer.body.code, answer.headers.get('Retry-After')], [409, 'request-in-flight', '1']);
      }
      const later = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'same' });
      assert.equal(later.status, 200);
      assert.equal(context.simulator.requests, 1);
    });

    it('replays a key sent again with the same options in another order, and refuses it with other options', async () => {
      const context = setup();
      const first = await postFrom(context, { phone: number(1), timeLimit: 120, ringTimeFrom: 20 }, { 'Idempotency-Key': 'key-order' });
      const reordered = await postFrom(context, { ringTimeFrom: 20, phone: number(1), timeLimit: 120 }, { 'Idempotency-Key': 'key-order' });
      assert.equal(first.status, 200);
      assert.deepEqual([reordered.status, reordered.body, reordered.headers.get('Idempotent-Replayed')], [200, first.body, 'true']);
      const changed = await postFrom(context, { phone: number(1), timeLimit: 121, ringTimeFrom: 20 }, { 'Idempotency-Key': 'key-order' });
      assert.deepEqual([changed.status, changed.body.code], [409, 'idempotency-key-reused']);
      assert.equal(context.simulator.calls.length, 1);
    });

    it('refuses a key reused for another call, and malformed keys', async () => {
      const context = setup();
      await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-2' });
      const other = await postFrom(context, { phone: number(2) }, { 'Idempotency-Key': 'key-2' });
      assert.deepEqual([other.status, other.body.code], [409, 'idempotency-key-reused']);
      for (const key of ['two words', 'a, b', 'x'.repeat(256), 'schlüssel', '']) {
        const answer = await postFrom(context, { phone: number(3) }, { 'Idempotency-Key': key });
        assert.deepEqual([answer.status, answer.body.code], [400, 'invalid-idempotency-key'], key);
      }
      assert.equal(context.simulator.calls.length, 1);
    });

    it('replays an uncertain outcome instead of calling again', async () => {
      const context = setup({ upstreamTimeoutMs: 100 });
      context.simulator.misbehave({ kind: 'hang' });
      const first = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-3' });
      context.simulator.misbehave(undefined);
      const retry = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-3' });
      assert.deepEqual([first.status, retry.status, retry.body.code], [504, 504, 'upstream-timeout']);
      assert.equal(context.simulator.requests, 1);
      const otherKey = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-4' });
      assert.deepEqual([otherKey.status, otherKey.body.code], [409, 'duplicate-submission']);
    });

    it('lets a retry through after a call that was certainly not placed', async () => {
      const context = setup();
      context.simulator.misbehave({ kind: 'drop' });
      const failed = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-5' });
      assert.equal(failed.body.code, 'upstream-unreachable');
      // A reset connection may have reached the provider: the same key replays, no second call.
      context.simulator.misbehave(undefined);
      assert.equal((await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'key-5' })).body.code, 'upstream-unreachable');

      const refusedByProvider = setup({ token: madeUpSecret('stale-token') });
      await postFrom(refusedByProvider, { phone: number(1) }, { 'Idempotency-Key': 'key-6' });
      assert.equal(refusedByProvider.simulator.requests, 1);
      await postFrom(refusedByProvider, { phone: number(1) }, { 'Idempotency-Key': 'key-6' });
      assert.equal(refusedByProvider.simulator.requests, 2, 'a refusal placed no call, so the retry asks again');
    });
  });

  describe('double submits', () => {
    it('treats a second key for the same number within 60 s as a double submit', async () => {
      const context = setup();
      assert.equal((await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'a' })).status, 200);
      const second = await postFrom(context, { phone: `+91 ${number(1)}` }, { 'Idempotency-Key': 'b' });
      assert.deepEqual([second.status, second.body.code], [409, 'duplicate-submission']);
      const wait = Number(second.headers.get('Retry-After'));
      assert.ok(wait > 55 && wait <= 60, `Retry-After ${wait}`);
      assert.equal((await postFrom(context, { phone: number(2) }, { 'Idempotency-Key': 'c' })).status, 200);
      assert.equal(context.simulator.calls.length, 2);
    });

    it('names a double submit before a rate limit that the same call also reaches', async () => {
      const context = setup({ limits: { perNumber: { limit: 1, windowMs: 3_600_000 } } });
      assert.equal((await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'd' })).status, 200);
      const again = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'e' });
      assert.deepEqual([again.status, again.body.code], [409, 'duplicate-submission']);
      const without = setup({ doubleSubmitWindowMs: 0, limits: { perNumber: { limit: 1, windowMs: 3_600_000 } } });
      assert.equal((await postFrom(without, { phone: number(1) })).status, 200);
      const limited = await postFrom(without, { phone: number(1) });
      assert.deepEqual([limited.status, limited.body.code], [429, 'rate-limited-number']);
    });

    it('places one call when two submissions race', async () => {
      const context = setup();
      context.simulator.misbehave({ kind: 'delay', ms: 50 });
      const answers = await Promise.all([
        postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'x' }),
        postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'y' }),
        postFrom(context, { phone: number(1) }),
      ]);
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 409, 409]);
      assert.equal(context.simulator.calls.length, 1);
    });
  });

  describe('number screening', () => {
    it('refuses blocked numbers and prefixes with 403 number-blocked', async () => {
      const context = setup({ blockedNumbers: ['+919876543210', '+91911*'] });
      for (const phone of ['98765 43210', '+91 91100 00000']) {
        const answer = await postFrom(context, { phone });
        assert.deepEqual([answer.status, answer.body.code, answer.body.field], [403, 'number-blocked', 'phone'], phone);
      }
      assert.equal((await postFrom(context, { phone: '91200 00000' })).status, 200);
      assert.equal(context.simulator.requests, 1);
    });

    it('refuses premium-rate, toll-free and other special numbers by default', async () => {
      const context = setup({ allowedCountries: ['IN', 'US', 'GB'] });
      for (const phone of ['+1 900 555 0123', '+1 800 555 0199', '+44 9098 790 000']) {
        const answer = await postFrom(context, { phone });
        assert.deepEqual([answer.status, answer.body.code], [400, 'number-type-not-allowed'], phone);
      }
      assert.equal(context.simulator.requests, 0);
      const tollFreeOk = setup({ allowedCountries: ['US'], allowedNumberTypes: ['TOLL_FREE'] });
      assert.equal((await postFrom(tollFreeOk, { phone: '+1 800 555 0199' })).status, 200);
    });
  });

  describe('verification', () => {
    it('refuses with 403 when the verify hook says no, and 503 when it throws, without calling', async () => {
      const seen: unknown[] = [];
      const refusing = setup({
        verify: (_request, body) => {
          seen.push(body);
          return false;
        },
      });
      const refused = await postFrom(refusing, { phone: number(1), token: undefined, proof: 'abc' });
      assert.deepEqual([refused.status, refused.body.code], [403, 'verification-failed']);
      assert.deepEqual(seen, [{ phone: number(1), proof: 'abc' }]);
      const throwing = setup({ verify: () => Promise.reject(new Error('down')) });
      const broken = await postFrom(throwing, { phone: number(1) });
      assert.deepEqual([broken.status, broken.body.code], [503, 'verification-unavailable']);
      assert.equal(refusing.simulator.requests + throwing.simulator.requests, 0);
      const accepting = setup({ verify: (_request, body) => body.proof === 'ok' });
      assert.equal((await postFrom(accepting, { phone: number(1), proof: 'ok' })).status, 200);
    });

    describe('built-in CAPTCHA checks, against a local fake of each siteverify endpoint', () => {
      const received: { vendor: string; form: URLSearchParams }[] = [];
      /** Each vendor's secret, which its fake accepts and no other. */
      const secrets: Record<string, string> = {
        turnstile: madeUpSecret('turnstile'),
        hcaptcha: madeUpSecret('hcaptcha'),
        recaptcha: madeUpSecret('recaptcha'),
      };
      let base = '';
      const server = createServer(async (request, response) => {
        let text = '';
        for await (const chunk of request) text += chunk;
        const form = new URLSearchParams(text);
        const vendor = request.url!.slice(1);
        received.push({ vendor, form });
        const good = form.get('secret') === secrets[vendor] && form.get('response') === 'human';
        const reply: Record<string, unknown> = { success: good, 'error-codes': good ? [] : ['invalid-input-response'] };
        if (vendor === 'recaptcha') reply.score = form.get('response') === 'human' ? 0.9 : 0.1;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply));
      });
      before(async () => {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(() => server.close());

      const vendors = [
        ['turnstile', 'cf-turnstile-response'],
        ['hcaptcha', 'h-captcha-response'],
        ['recaptcha', 'g-recaptcha-response'],
      ] as const;
      for (const [vendor, field] of vendors) {
        it(`${vendor}: calls with a good answer, refuses a bad or missing one, and sends secret, answer and address`, async () => {
          const context = setup({ captcha: { [vendor]: { secret: secrets[vendor]!, url: `${base}/${vendor}` } } });
          const bad = await postFrom(context, { phone: number(1), [field]: 'robot' });
          assert.deepEqual([bad.status, bad.body.code], [403, 'verification-failed']);
          const missing = await postFrom(context, { phone: number(1) });
          assert.deepEqual([missing.status, missing.body.code], [403, 'verification-failed']);
          assert.equal(context.simulator.requests, 0);
          const good = await postFrom(context, { phone: number(1), [field]: 'human' }, { 'Idempotency-Key': `${vendor}-k` });
          assert.equal(good.status, 200);
          const last = received.at(-1)!;
          assert.deepEqual(
            [last.vendor, last.form.get('secret'), last.form.get('response'), last.form.get('remoteip')],
            [vendor, secrets[vendor], 'human', '203.0.113.7'],
          );
          const checks = received.length;
          const replay = await postFrom(context, { phone: number(1), [field]: 'human' }, { 'Idempotency-Key': `${vendor}-k` });
          assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
          assert.equal(received.length, checks, 'a replay does not spend the single-use answer again');
        });
      }

      it('recaptcha: refuses a score below the minimum', async () => {
        const context = setup({ captcha: { recaptcha: { secret: secrets.recaptcha!, url: `${base}/recaptcha`, minScore: 0.95 } } });
        const low = await postFrom(context, { phone: number(1), 'g-recaptcha-response': 'human' });
        assert.deepEqual([low.status, low.body.code], [403, 'verification-failed']);
      });

      it('answers 503 verification-unavailable when the endpoint cannot be reached', async () => {
        const context = setup({ captcha: { turnstile: { secret: madeUpSecret('turnstile'), url: 'http://127.0.0.1:9/siteverify' } } });
        const answer = await postFrom(context, { phone: number(1), 'cf-turnstile-response': 'human' });
        assert.deepEqual([answer.status, answer.body.code], [503, 'verification-unavailable']);
        assert.equal(context.simulator.requests, 0);
      });
    });
  });

  describe('stores', () => {
    const unavailable: Store = {
      hit: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      unhit: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      claim: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      put: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      get: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      release: () => Promise.reject(new StoreUnavailableError(new Error('down'))),
      close: () => Promise.resolve(),
    };

    it('asks the store three times for a placed call with a key, once without: one round trip each with Redis', async () => {
      const asked: string[] = [];
      const memory = new MemoryStore();
      const counting = new Proxy(memory, {
        get(target, name: keyof Store) {
          const member = target[name];
          return typeof member === 'function'
            ? (...args: unknown[]) => {
                asked.push(name);
                return (member as (...a: unknown[]) => unknown).apply(target, args);
              }
            : member;
        },
      });
      const context = setup({ store: counting });
      assert.equal((await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'trips' })).status, 200);
      assert.deepEqual(asked.splice(0), ['claim', 'hit', 'put']);
      assert.equal((await postFrom(context, { phone: number(2) })).status, 200);
      assert.deepEqual(asked, ['hit']);
    });

    it('fails closed with 503 store-unavailable, placing no call, when the store is down', async () => {
      const context = setup({ store: unavailable });
      const answer = await postFrom(context, { phone: number(1) }, { 'Idempotency-Key': 'k' });
      assert.deepEqual([answer.status, answer.body.code, answer.headers.get('Retry-After')], [503, 'store-unavailable', '5']);
      assert.equal(context.simulator.requests, 0);
    });

    it('falls back to memory only when configured to, and says so', async () => {
      const switches: boolean[] = [];
      const context = setup({ store: new FallbackStore(unavailable, new MemoryStore(), (using) => switches.push(using)) });
      assert.equal((await postFrom(context, { phone: number(1) })).status, 200);
      assert.equal((await postFrom(context, { phone: number(1) })).body.code, 'duplicate-submission', 'limits still hold, in memory');
      assert.deepEqual(switches, [true]);
    });

    it('keeps the memory store bounded and drops expired entries', async () => {
      let now = 0;
      const store = new MemoryStore({ maxKeys: 100, now: () => now });
      for (let i = 0; i < 1000; i++) await store.hit([{ key: `client:${i}`, limit: 10, windowMs: 1000 }]);
      assert.equal(store.size, 100);
      await store.put('kept', 'v', 5000);
      now = 2000;
      store.sweep();
      assert.equal(store.size, 1);
      assert.equal(await store.get('kept'), 'v');
      now = 6000;
      assert.equal(await store.get('kept'), undefined);
      await store.close();
    });
  });
});
