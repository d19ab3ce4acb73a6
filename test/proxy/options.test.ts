import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxyFromEnvironment } from '../../src/proxy/runtime/environment.js';
import { createClickToCallHandler } from '../../src/proxy/handler.js';
import { ConfigurationError } from '../../src/proxy/options.js';
import type { ClickToCallOptions } from '../../src/proxy/options.js';
import { madeUpSecret, secretToken } from './helpers.js';

const good: ClickToCallOptions = { userId: '1234', token: secretToken, destination: '9123456780' };

function settingAtFault(options: Partial<ClickToCallOptions>): string {
  try {
    createClickToCallHandler({ ...good, ...options } as ClickToCallOptions);
  } catch (error) {
    assert.ok(error instanceof ConfigurationError, String(error));
    return error.setting;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration', () => {
  it('fails at creation, naming the setting, for each bad value', () => {
    assert.equal(settingAtFault({ userId: 'abc' }), 'userId');
    assert.equal(settingAtFault({ token: ' ' }), 'token');
    assert.equal(settingAtFault({ destination: '' }), 'destination');
    assert.equal(settingAtFault({ destination: '9'.repeat(51) }), 'destination');
    assert.equal(settingAtFault({ destinationType: 'Person' as never }), 'destinationType');
    assert.equal(settingAtFault({ callFirst: 'me' as never }), 'callFirst');
    assert.equal(settingAtFault({ apiUrl: 'ftp://x' }), 'apiUrl');
    assert.equal(settingAtFault({ allowedOrigins: ['https://ok.example', 'https://bad.example/path'] }), 'allowedOrigins.1');
    assert.equal(settingAtFault({ defaultCountry: 'XX' }), 'defaultCountry');
    assert.equal(settingAtFault({ publicOrigins: ['shop.example'] }), 'publicOrigins.0');
    assert.equal(settingAtFault({ allowedCountries: [] }), 'allowedCountries');
    assert.equal(settingAtFault({ browserOptions: { toType: {} } }), 'browserOptions.toType');
    assert.equal(settingAtFault({ callDefaults: { fromRingTime: 90 } }), 'callDefaults.fromRingTime');
    assert.equal(settingAtFault({ callDefaults: { toType: 'Agent' } }), 'callDefaults.toType');
    assert.equal(settingAtFault({ maxBodyBytes: 10 }), 'maxBodyBytes');
    assert.equal(settingAtFault({ basePath: 'api/' }), 'basePath');
  });

  it('applies the documented defaults', async () => {
    assert.doesNotThrow(() => createClickToCallHandler(good));
  });

  it('says plainly that it has no credentials, and what to do, when neither is given', () => {
    assert.throws(
      () => createClickToCallHandler({ destination: '9123456780' } as ClickToCallOptions),
      (error) =>
        error instanceof ConfigurationError &&
        error.setting === 'userId' &&
        /userId is not set, nor is token: the handler places calls with the account's credentials/.test(error.message) &&
        /without an account against the provider simulator/.test(error.problem),
    );
  });

  it('takes an option given as undefined as its default', async () => {
    const handler = createClickToCallHandler({ ...good, apiUrl: undefined, limits: { perNumber: undefined } } as ClickToCallOptions);
    assert.equal(typeof handler, 'function');
  });

  it('reads the environment, naming the variable at fault', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        proxyFromEnvironment(env);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    assert.match(attempt({ SARV_USER_ID: '1234' }), /SARV_TOKEN must be set too/);
    assert.match(attempt({ SARV_USER_ID: '1234', SARV_TOKEN: secretToken }), /CTC_DESTINATION must be set/);
    assert.match(attempt({ CTC_ALLOWED_ORIGINS: 'https://a.example, example.com' }), /CTC_ALLOWED_ORIGINS \(item 2\) must be an origin/);
    assert.match(attempt({ CTC_DEFAULT_COUNTRY: 'India' }), /CTC_DEFAULT_COUNTRY must be a country code/);
    assert.match(attempt({ CTC_PUBLIC_ORIGIN: 'https://shop.example, *' }), /CTC_PUBLIC_ORIGIN \(item 2\) must be an origin, not \*/);
    assert.match(attempt({ CTC_TRUST_PROXY: 'maybe' }), /CTC_TRUST_PROXY must be on or off/);
    assert.match(attempt({ CTC_DESTINATION_TYPE: 'Team' }), /CTC_DESTINATION_TYPE must be Number, Agent or Group/);
    assert.match(attempt({ CTC_LIMIT_PER_NUMBER: '3/0s' }), /CTC_LIMIT_PER_NUMBER \(windowMs\) must be at least 1000 ms/);
    assert.match(attempt({ CTC_RECAPTCHA_MIN_SCORE: '0.5' }), /CTC_RECAPTCHA_SECRET must be set/);
    assert.match(attempt({ PORT: 'eighty' }), /PORT must be a port number/);
    assert.match(attempt({ CTC_REDIS_FALLBACK: 'disk' }), /CTC_REDIS_FALLBACK must be none or memory/);
    assert.match(
      attempt({ REDIS_URL: 'redis://127.0.0.1:9', REDIS_CLUSTER_URLS: 'redis://127.0.0.1:9' }),
      /REDIS_CLUSTER_URLS is set beside REDIS_URL: set one of them/,
    );
    assert.equal(attempt({ CTC_ALLOWED_COUNTRIES: 'in, us', CTC_TRUST_PROXY: 'on' }), 'accepted');
  });

  it('runs against the simulator without credentials, and says so', async () => {
    const proxy = proxyFromEnvironment({}, { log: () => {} });
    assert.ok(proxy.simulator);
    assert.match(proxy.description, /^SIMULATOR MODE/);
    const answer = await proxy.handler(
      new Request('http://localhost/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"phone":"9876543210"}',
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal(proxy.simulator.calls.length, 1);
  });

  it('describes a live set-up without the token', () => {
    const proxy = proxyFromEnvironment({ SARV_USER_ID: '1234', SARV_TOKEN: secretToken, CTC_DESTINATION: '9123456780' });
    assert.equal(proxy.simulator, undefined);
    assert.match(proxy.description, /^LIVE: calls are placed through s-ct3\.sarv\.com to Number 9123456780/);
    assert.ok(!proxy.description.includes(secretToken));
  });

  it('names the settings in force at start, secrets as (set), and reads nested ones', () => {
    const turnstileSecret = madeUpSecret('turnstile');
    const proxy = proxyFromEnvironment({
      SARV_USER_ID: '1234',
      SARV_TOKEN: secretToken,
      CTC_DESTINATION: '9123456780',
      CTC_LIMIT_PER_NUMBER: '2/30m',
      CTC_TURNSTILE_SECRET: turnstileSecret,
      PORT: '9000',
    });
    assert.equal(
      proxy.settings,
      'Settings from the environment: SARV_USER_ID=(set), SARV_TOKEN=(set), CTC_DESTINATION=9123456780, CTC_LIMIT_PER_NUMBER=2/30m, CTC_TURNSTILE_SECRET=(set), PORT=9000',
    );
    assert.deepEqual(proxy.options.limits, { perNumber: { limit: 2, windowMs: 30 * 60_000 } });
    assert.deepEqual(proxy.options.captcha, { turnstile: { secret: turnstileSecret } });
    assert.deepEqual([proxy.server.port, proxy.server.host], [9000, '127.0.0.1']);
    assert.equal(proxyFromEnvironment({}).settings, 'Settings from the environment: none, so the defaults');
  });
});
