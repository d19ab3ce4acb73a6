import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startNodeScript } from '../../scripts/processes.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';
import { madeUpSecret, secretToken, secretUserId, setup } from './helpers.js';

/*
 * A provider that misbehaves on purpose: it repeats the request (URL, credentials and all) in its
 * answers, or sends the proxy elsewhere with a redirect.
 */
const encodedToken = encodeURIComponent(secretToken);
const holdsCredentials = (text: string) => text.includes(secretToken) || text.includes(encodedToken) || text.includes(secretUserId);

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Answers as the provider would, but with the request's own URL in every text it sends. */
const echoes: Record<string, (url: string) => Response | Promise<Response>> = {
  'an error message': (url) => Response.json({ status: 'error', code: '1020', message: `Invalid token for ${url}` }),
  'an error code': (url) => Response.json({ status: 'error', code: url, message: 'rejected' }),
  'an account fault naming the user id': () => Response.json({ status: 'error', code: '1013', message: `Invalid user id ${secretUserId}` }),
  'a thrown error': (url) => {
    throw new TypeError(`fetch failed for ${url}`, { cause: { code: `E_${url}` } });
  },
};

describe('a provider that repeats the request', () => {
  for (const [what, answer] of Object.entries(echoes)) {
    it(`leaves no credential in the log when it echoes the URL in ${what}`, async () => {
      const fetch = async (input: string | URL) => answer(String(input));
      const { post, logs } = setup({ fetch });
      const response = await post({ phone: '9876543210' });
      assert.ok(response.status >= 400);
      assert.ok(logs.length === 1 && logs[0]!.detail, 'the line says what the provider did');
      const line = JSON.stringify(logs);
      assert.ok(!holdsCredentials(line), `the log line holds a credential: ${line}`);
    });
  }

  it('leaves no credential in a log line whatever its source: a verify hook that repeats the token', async () => {
    const { post, logs } = setup({
      verify: () => {
        throw new Error(`cannot check with ${secretToken} (user ${secretUserId})`);
      },
    });
    assert.equal((await post({ phone: '9876543210' })).body.code, 'verification-unavailable');
    assert.match(logs[0]!.detail!, /the verify hook threw: cannot check with \[redacted\] \(user \[redacted\]\)/);
  });

  describe('through the command-line proxy, over HTTP', () => {
    let provider: { server: Server; url: string };
    before(async () => {
      provider = await serve((request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', code: '1020', message: `Invalid token: ${request.url}` }));
      });
    });
    after(() => provider.server.close());

    it('prints no credential in any line', async () => {
      const cli = await startNodeScript('src/proxy/runtime/cli.ts', {
        env: {
          PORT: '0',
          SARV_USER_ID: secretUserId,
          SARV_TOKEN: secretToken,
          SARV_API_URL: `${provider.url}/v2/clickToCall/para`,
          CTC_DESTINATION: '9123456780',
        },
        ready: /listening on (http:\S+)/,
      });
      try {
        const answer = await fetch(`${cli.match}/call`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"phone":"9876543210"}',
        });
        assert.equal(answer.status, 502);
        const deadline = Date.now() + 5000;
        while (!cli.output().includes('"provider-rejected"') && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
        assert.match(cli.output(), /provider 1020: Invalid token: \/v2\/clickToCall\/para\?user_id=\[redacted\]&token=\[redacted\]/);
        assert.ok(!holdsCredentials(cli.output()), cli.output());
      } finally {
        cli.child.kill('SIGKILL');
      }
    });
  });
});

describe('a provider that redirects', () => {
  let trap: { server: Server; url: string };
  let trapped: string[] = [];
  before(async () => {
    trap = await serve((request, response) => {
      trapped.push(request.url ?? '');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"status":"success","callid":"made-up-call-id","code":"200"}');
    });
  });
  after(() => trap.server.close());

  for (const status of [301, 302, 303, 307, 308] as const) {
    it(`answers a ${status} with 502 upstream-bad-response, never asking its target, and keeps the limits spent`, async () => {
      trapped = [];
      const simulator = new ProviderSimulator({ userId: secretUserId, token: secretToken });
      const provider = await serveSimulator(simulator);
      try {
        simulator.misbehave({ kind: 'redirect', status, location: `${trap.url}/elsewhere` });
        const { post, logs } = setup({ apiUrl: provider.endpoint, fetch: globalThis.fetch });
        const key = { 'Idempotency-Key': `redirect-${status}` };
        const first = await post({ phone: '9876543210' }, { headers: key });
        assert.deepEqual([first.status, first.body.code], [502, 'upstream-bad-response']);
        assert.deepEqual(trapped, [], 'the redirect target was never asked');
        assert.equal(simulator.requests, 1);
        assert.equal(logs[0]!.detail, `HTTP ${status} redirect, not followed`);
        // The call may have been placed: the key replays its answer and the number's window holds.
        const again = await post({ phone: '9876543210' }, { headers: key });
        assert.deepEqual([again.status, again.headers.get('Idempotent-Replayed')], [502, 'true']);
        assert.equal((await post({ phone: '9876543210' })).body.code, 'duplicate-submission');
        assert.equal(simulator.requests, 1);
      } finally {
        provider.server.closeAllConnections();
        provider.server.close();
      }
    });
  }

  it('never follows a redirect from the CAPTCHA check, whose form carries the secret', async () => {
    trapped = [];
    const siteverify = await serve((_request, response) => response.writeHead(307, { Location: `${trap.url}/siteverify` }).end());
    try {
      const { post, simulator } = setup({ captcha: { turnstile: { secret: madeUpSecret('turnstile'), url: siteverify.url } } });
      const answer = await post({ phone: '9876543210', 'cf-turnstile-response': 'answer' });
      assert.deepEqual([answer.status, answer.body.code], [503, 'verification-unavailable']);
      assert.deepEqual(trapped, []);
      assert.equal(simulator.requests, 0);
    } finally {
      siteverify.server.close();
    }
  });
});
