import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';
import { proxyFromEnvironment } from '../../src/proxy/runtime/environment.js';
import { destination, everyResponse, madeUpSecret, proxyUrl, secretToken, secretUserId, setup } from './helpers.js';

describe('the proxy handler', () => {
  describe('a good request', () => {
    it('places one call with the visitor first and the configured destination second', async () => {
      const { post, simulator } = setup();
      const answer = await post({ phone: '+91 98765 43210' });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'success');
      assert.equal(simulator.calls.length, 1);
      const call = simulator.calls[0]!;
      assert.equal(answer.body.callId, call.callId);
      assert.deepEqual([call.from, call.fromType, call.to, call.toType], ['9876543210', 'Number', destination, 'Number']);
      assert.equal(answer.headers.get('Cache-Control'), 'no-store');
    });

    for (const form of ['+91 98765 43210', '098765 43210', '9876543210', '91 98765-43210', '0091 98765 43210']) {
      it(`sends "${form}" upstream as 9876543210`, async () => {
        const { post, simulator } = setup();
        assert.equal((await post({ phone: form })).status, 200);
        assert.equal(simulator.calls[0]!.from, '9876543210');
      });
    }

    it('rings the destination first when configured to', async () => {
      const { post, simulator } = setup({ callFirst: 'destination', destination: '101', destinationType: 'Agent' });
      assert.equal((await post({ phone: '9876543210' })).status, 200);
      const call = simulator.calls[0]!;
      assert.deepEqual([call.from, call.fromType, call.to, call.toType], ['101', 'Agent', '9876543210', 'Number']);
    });

    it('passes allowed options, within caps, over the server defaults', async () => {
      const { post, simulator } = setup({ callDefaults: { fromRingTime: 25, timeLimit: 600 } });
      assert.equal((await post({ phone: '9876543210', timeLimit: 120, toRetryCount: 2 })).status, 200);
      assert.deepEqual(simulator.calls[0]!.options, { fromRingTime: '25', timeLimit: '120', toRetryCount: '2' });
    });
  });

  describe('request checks, in order', () => {
    it('answers unknown paths with 404 and other methods with 405', async () => {
      const { send } = setup();
      const missing = await send(new Request('https://shop.example/elsewhere'));
      assert.deepEqual([missing.status, missing.body.code], [404, 'not-found']);
      const get = await send(new Request(proxyUrl));
      assert.deepEqual([get.status, get.body.code, get.headers.get('Allow')], [405, 'method-not-allowed', 'POST, OPTIONS']);
      const put = await send(new Request(proxyUrl, { method: 'PUT', body: '{}' }));
      assert.equal(put.status, 405);
    });

    it('serves /healthz and says whether it runs against the simulator', async () => {
      const { send } = setup({ mode: 'simulator' });
      const health = await send(new Request('https://shop.example/healthz'));
      assert.deepEqual(
        [health.status, health.body],
        [200, { status: 'ok', mode: 'simulator', scheduler: { kind: 'memory', survivesRestart: false } }],
      );
      assert.equal((await send(new Request('https://shop.example/healthz', { method: 'POST' }))).status, 405);
    });

    it('mounts under a base path', async () => {
      const { send } = setup({ basePath: '/api/v1' });
      assert.equal((await send(new Request('https://shop.example/api/v1/healthz'))).status, 200);
      assert.equal((await send(new Request('https://shop.example/healthz'))).status, 404);
    });

    it('refuses a browser request from an origin not listed, with 403 and no CORS grant', async () => {
      const { post, simulator } = setup({ allowedOrigins: ['https://partner.example'] });
      const answer = await post({ phone: '9876543210' }, { headers: { Origin: 'https://evil.example' } });
      assert.deepEqual([answer.status, answer.body.code], [403, 'origin-not-allowed']);
      assert.equal(answer.headers.get('Access-Control-Allow-Origin'), null);
      assert.equal(simulator.requests, 0);
    });

    it('grants CORS to listed origins, on the preflight and the answer', async () => {
      const { send, post } = setup({ allowedOrigins: ['https://partner.example'] });
      const preflight = await send(
        new Request(proxyUrl, {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://partner.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type,idempotency-key',
          },
        }),
      );
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), 'https://partner.example');
      assert.match(preflight.headers.get('Access-Control-Allow-Headers')!, /Idempotency-Key/);
      assert.match(preflight.headers.get('Access-Control-Allow-Methods')!, /POST/);
      const refused = await send(new Request(proxyUrl, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } }));
      assert.equal(refused.status, 403);
      const answer = await post({ phone: '98' }, { headers: { Origin: 'https://partner.example' } });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('Access-Control-Allow-Origin'), 'https://partner.example');
      assert.equal(answer.headers.get('Access-Control-Expose-Headers'), 'Retry-After');
    });

    it('takes requests without an Origin (servers, curl) and from its own origin', async () => {
      const { send, post } = setup();
      const own = await post({ phone: '9876543210' });
      assert.equal(own.status, 200);
      const headless = await send(
        new Request(proxyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"phone":"9876543211"}' }),
      );
      assert.equal(headless.status, 200);
    });

    it('behind a reverse proxy, knows its public origin only when told to trust X-Forwarded-*', async () => {
      const forwarded = { Origin: 'https://shop.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'shop.example' };
      const untrusting = setup();
      assert.equal((await untrusting.post({ phone: '9876543210' }, { url: 'http://127.0.0.1:8787/call', headers: forwarded })).status, 403);
      const trusting = setup({ trustProxy: true });
      assert.equal((await trusting.post({ phone: '9876543210' }, { url: 'http://127.0.0.1:8787/call', headers: forwarded })).status, 200);
    });

    it('with its public origin named, refuses a page whose Origin only matches its own Host (DNS rebinding)', async () => {
      // The attacker's name resolves to the proxy's address: the browser sends Origin and Host of that name.
      const rebound = { url: 'http://rebound.example:8787/call', headers: { Origin: 'http://rebound.example:8787' } };
      const named = setup({ publicOrigins: ['https://shop.example'] });
      const refused = await named.post({ phone: '9876543210' }, rebound);
      assert.deepEqual([refused.status, refused.body.code], [403, 'origin-not-allowed']);
      const own = await named.post(
        { phone: '9876543210' },
        { url: 'http://127.0.0.1:8787/call', headers: { Origin: 'https://shop.example' } },
      );
      assert.deepEqual([own.status, own.headers.get('Access-Control-Allow-Origin')], [200, null]);
      assert.equal(named.simulator.requests, 1);
      // Without it, "same origin" is the request's own Host, as the security docs say.
      assert.equal((await setup().post({ phone: '9876543210' }, rebound)).status, 200);
    });

    it('refuses a body that is not JSON with 415', async () => {
      const { post, simulator } = setup();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
        const answer = await post({ phone: '9876543210' }, { headers: { 'Content-Type': type } });
        assert.deepEqual([answer.status, answer.body.code], [415, 'unsupported-media-type'], type);
      }
      assert.equal((await post({ phone: '9876543210' }, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status, 200);
      assert.equal(simulator.requests, 1);
    });

    it('refuses a body over the limit with 413, whether declared or streamed', async () => {
      const { post, send, simulator } = setup();
      const big = { phone: '9876543210', padding: 'x'.repeat(5000) };
      const declared = await post(big);
      assert.deepEqual([declared.status, declared.body.code], [413, 'body-too-large']);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1000)));
          controller.close();
        },
      });
      const streamed = await send(
        new Request(proxyUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit),
      );
      assert.deepEqual([streamed.status, streamed.body.code], [413, 'body-too-large']);
      assert.equal(simulator.requests, 0);
    });

    it('refuses broken JSON and invalid UTF-8 with 400 invalid-json', async () => {
      const { post, send } = setup();
      for (const raw of ['{', '{"phone":', 'phone=98765', '', 'null x']) {
        const answer = await post(undefined, { raw });
        assert.deepEqual([answer.status, answer.body.code], [400, 'invalid-json'], raw);
      }
      const badBytes = await send(
        new Request(proxyUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: new Uint8Array([0x7b, 0xff, 0x7d]),
        }),
      );
      assert.deepEqual([badBytes.status, badBytes.body.code], [400, 'invalid-json']);
    });

    it('refuses a body against the schema with 400, the code and the field', async () => {
      const { post, simulator } = setup();
      const cases: [unknown, string, string | undefined][] = [
        [[], 'invalid-request', undefined],
        [{}, 'empty', 'phone'],
        [{ phone: 9876543210 }, 'invalid-request', 'phone'],
        [{ phone: '9876543210', fromRingTime: 60 }, '1550', 'fromRingTime'],
        [{ phone: '9876543210', timeLimit: -1 }, '1533', 'timeLimit'],
        [{ phone: '9876543210', token: madeUpSecret('token') }, 'option-not-allowed', 'token'],
      ];
      for (const [body, code, field] of cases) {
        const answer = await post(body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(answer.body.code, code, JSON.stringify(body));
        assert.equal(answer.body.field, field, JSON.stringify(body));
        assert.equal(typeof answer.body.message, 'string');
      }
      assert.equal(simulator.requests, 0);
    });

    it('checks in the documented order: method, origin, content type, size, JSON, schema', async () => {
      const { post, send } = setup();
      const huge = 'x'.repeat(5000);
      const steps: [Promise<{ status: number; body: Record<string, unknown> }>, number, string][] = [
        [
          send(
            new Request(proxyUrl, { method: 'PUT', headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, body: huge }),
          ),
          405,
          'method-not-allowed',
        ],
        [
          post(undefined, { raw: huge, headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' } }),
          403,
          'origin-not-allowed',
        ],
        [post(undefined, { raw: huge, headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported-media-type'],
        [post(undefined, { raw: `{${huge}` }), 413, 'body-too-large'],
        [post(undefined, { raw: '{"phone": 1,' }), 400, 'invalid-json'],
        [post({ phone: 1 }), 400, 'invalid-request'],
      ];
      for (const [answer, status, code] of steps) {
        const { status: actual, body } = await answer;
        assert.deepEqual([actual, body.code], [status, code]);
      }
    });

    it('lists every schema issue when there are several', async () => {
      const { post } = setup();
      const answer = await post({ phone: '', fromRingTime: 99 });
      assert.deepEqual(answer.body.issues, [
        { code: 'empty', field: 'phone' },
        { code: '1550', field: 'fromRingTime' },
      ]);
    });
  });

  describe('the visitor number', () => {
    it('refuses foreign and invalid numbers without an upstream call', async () => {
      const { post, simulator } = setup();
      const cases: [string, string][] = [
        ['+1 202 555 0123', 'unsupported-country'],
        ['+44 20 7946 0958', 'unsupported-country'],
        ['1234567890', 'invalid-number'],
        ['98765', 'too-short'],
        ['call me', 'not-a-number'],
      ];
      for (const [phone, code] of cases) {
        const answer = await post({ phone });
        assert.deepEqual([answer.status, answer.body.code, answer.body.field], [400, code, 'phone'], phone);
      }
      assert.equal(simulator.requests, 0);
    });

    it('calls numbers of other allowed countries in E.164 digits', async () => {
      const { post, simulator } = setup({ allowedCountries: ['IN', 'US'] });
      assert.equal((await post({ phone: '+1 202 555 0123' })).status, 200);
      assert.equal(simulator.calls[0]!.from, '12025550123');
    });

    it('never lets the body change the business leg', async () => {
      const { post, simulator } = setup();
      for (const attempt of [
        { phone: '9876543210', to: '9999999999' },
        { phone: '9876543210', destination: '9999999999' },
        { phone: '9876543210', from: '9999999999' },
        { phone: '9876543210', toType: 'Number' },
        { phone: '9876543210', user_id: '1' },
      ]) {
        const answer = await post(attempt);
        assert.equal(answer.status, 400, JSON.stringify(attempt));
        assert.equal(answer.body.code, 'option-not-allowed');
      }
      assert.equal((await post({ phone: '9876543210', toRingTime: 10 })).status, 200);
      assert.equal(simulator.calls.length, 1);
      assert.equal(simulator.calls[0]!.to, destination);
    });

    it('refuses options the policy does not give to browsers, and values over its caps', async () => {
      const { post, simulator } = setup({ browserOptions: { fromRingTime: { max: 20 } } });
      const notAllowed = await post({ phone: '9876543210', timeLimit: 60 });
      assert.deepEqual([notAllowed.status, notAllowed.body.code, notAllowed.body.field], [400, 'option-not-allowed', 'timeLimit']);
      const over = await post({ phone: '9876543210', fromRingTime: 21 });
      assert.deepEqual([over.status, over.body.code, over.body.field], [400, 'option-over-limit', 'fromRingTime']);
      const defaults = setup();
      const longCall = await defaults.post({ phone: '9876543210', timeLimit: 3601 });
      assert.deepEqual([longCall.body.code, longCall.body.field], ['option-over-limit', 'timeLimit']);
      assert.equal(simulator.requests + defaults.simulator.requests, 0);
    });
  });

  describe('the provider', () => {
    const faults = [
      ['hang', 504, 'upstream-timeout'],
      ['drop', 502, 'upstream-unreachable'],
      ['http-500', 502, 'upstream-bad-response'],
      ['html', 502, 'upstream-bad-response'],
      ['no-callid', 502, 'upstream-bad-response'],
    ] as const;
    for (const [kind, status, code] of faults) {
      it(`maps "${kind}" to ${status} ${code}, after exactly one upstream request`, async () => {
        const { post, simulator, logs } = setup({ upstreamTimeoutMs: 200 });
        simulator.misbehave({ kind });
        const answer = await post({ phone: '9876543210' });
        assert.deepEqual([answer.status, answer.body.code], [status, code]);
        assert.equal(simulator.requests, 1);
        assert.equal(typeof logs.at(-1)!.detail, 'string');
      });
    }

    it('maps a connection reset over a real socket to 502 upstream-unreachable, after one request', async () => {
      const simulator = new ProviderSimulator({ userId: secretUserId, token: secretToken });
      const { server, endpoint } = await serveSimulator(simulator);
      try {
        const { post } = setup({ apiUrl: endpoint, fetch: globalThis.fetch });
        simulator.misbehave({ kind: 'drop' });
        const answer = await post({ phone: '9876543210' });
        assert.deepEqual([answer.status, answer.body.code], [502, 'upstream-unreachable']);
        assert.equal(simulator.requests, 1);
        simulator.misbehave({ kind: 'http-500' });
        const failed = await post({ phone: '9876543211' });
        assert.deepEqual([failed.status, failed.body.code], [502, 'upstream-bad-response']);
        assert.equal(simulator.requests, 2);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    describe("over a real socket, through the platform's fetch", () => {
      const overSocket = [...faults, ['delay', 200, undefined], ['none', 200, undefined]] as const;
      for (const [kind, status, code] of overSocket) {
        it(`answers "${kind}" with ${status}${code ? ` ${code}` : ''} after one request${kind === 'hang' ? ', and closes the silent socket' : ''}`, async () => {
          const simulator = new ProviderSimulator({ userId: secretUserId, token: secretToken });
          const { server, endpoint } = await serveSimulator(simulator);
          try {
            const { post } = setup({ apiUrl: endpoint, fetch: globalThis.fetch, upstreamTimeoutMs: 300 });
            if (kind === 'delay') simulator.misbehave({ kind, ms: 50 });
            else if (kind !== 'none') simulator.misbehave({ kind });
            const answer = await post({ phone: '9876543210' });
            assert.deepEqual([answer.status, answer.body.code], [status, code]);
            assert.equal(simulator.requests, 1);
            if (kind === 'hang') {
              // After the abort, fetch leaves the socket idle and closes it at its keep-alive
              // timeout (4 s on Node 20): it does not linger for minutes.
              const deadline = Date.now() + 8000;
              let open = 1;
              while (open > 0 && Date.now() < deadline) {
                open = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
                if (open > 0) await new Promise((resolve) => setTimeout(resolve, 50));
              }
              assert.equal(open, 0);
            }
          } finally {
            server.closeAllConnections();
            server.close();
          }
        });
      }
    });

    it('gives the provider one AbortSignal, which ends the wait after upstreamTimeoutMs', async () => {
      const signals: (AbortSignal | undefined)[] = [];
      const neverAnswers = (_input: string | URL, init?: RequestInit) =>
        new Promise<Response>((_, reject) => {
          signals.push(init?.signal ?? undefined);
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        });
      const started = Date.now();
      const answer = await setup({ fetch: neverAnswers, upstreamTimeoutMs: 200 }).post({ phone: '9876543210' });
      assert.deepEqual([answer.status, answer.body.code], [504, 'upstream-timeout']);
      assert.equal(signals.length, 1);
      assert.ok(signals[0] instanceof AbortSignal && signals[0].aborted);
      assert.ok(Date.now() - started < 2000, 'the wait ended at the timeout');
    });

    it('waits for a slow provider within the timeout', async () => {
      const { post, simulator } = setup({ upstreamTimeoutMs: 1000 });
      simulator.misbehave({ kind: 'delay', ms: 100 });
      assert.equal((await post({ phone: '9876543210' })).status, 200);
    });

    it("passes the provider's code through when it is about the visitor's number", async () => {
      const { post } = setup();
      const same = await post({ phone: destination });
      assert.deepEqual([same.status, same.body.code, same.body.field], [400, '1520', 'phone']);
      assert.match(same.body.message as string, /our own number/);
    });

    it('hides account faults behind a generic 502 and logs the detail', async () => {
      const { post, logs } = setup({ token: madeUpSecret('wrong-token') });
      const answer = await post({ phone: '9876543210' });
      assert.deepEqual([answer.status, answer.body.code], [502, 'provider-rejected']);
      assert.equal(answer.body.message, 'Sorry, we could not place the call. Please try again later.');
      assert.equal(logs.at(-1)!.detail, 'provider 1020: Invalid token');
      const unknownAgent = setup({ destination: '999', destinationType: 'Agent' });
      const agent = await unknownAgent.post({ phone: '9876543210' });
      assert.deepEqual([agent.status, agent.body.code], [502, 'provider-rejected']);
      assert.match(unknownAgent.logs.at(-1)!.detail!, /^provider 1513/);
    });
  });

  describe('logs', () => {
    it('writes one line per request with the outcome, code and latency, the number masked', async () => {
      const { post, logs } = setup();
      await post({ phone: '+91 98765 43210' });
      await post({ phone: '98' });
      assert.equal(logs.length, 2);
      assert.equal(logs[0]!.outcome, 'success');
      assert.equal(logs[0]!.phone, '91********10');
      assert.equal(typeof logs[0]!.callId, 'string');
      assert.deepEqual([logs[1]!.outcome, logs[1]!.code, logs[1]!.status], ['refused', 'too-short', 400]);
      assert.equal(typeof logs[1]!.latencyMs, 'number');
      const text = JSON.stringify(logs);
      assert.ok(!text.includes('9876543210') && !text.includes('98765 43210'));
      assert.ok(!text.includes(secretToken));
    });
  });

  // Runs last: node:test runs the tests of a file in order.
  it('never puts the token or the user id in any response body or header above', () => {
    assert.ok(everyResponse.length > 60, `checked ${everyResponse.length} responses`);
    for (const response of everyResponse) {
      assert.ok(!response.body.includes(secretToken) && !response.headers.includes(secretToken), 'the token leaked');
      assert.ok(!response.body.includes(secretUserId) && !response.headers.includes(secretUserId), 'the user id leaked');
    }
  });
});

describe('the caller id', () => {
  it('tells the visitor which number will call, when the proxy knows it, and only then', async () => {
    const told = await setup({ callerId: '+91 80 4567 8900' }).post({ phone: '9876543210' });
    assert.equal(told.body.callerId, '+91 80 4567 8900');
    const silent = await setup().post({ phone: '9876543210' });
    assert.equal('callerId' in silent.body, false);
  });

  it('refuses a caller id that is not a number, naming the variable', () => {
    assert.throws(() => proxyFromEnvironment({ CTC_CALLER_ID: 'our office' }), /CTC_CALLER_ID must be a phone number/);
  });
});
