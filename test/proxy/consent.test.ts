import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/proxy/status/tracker.js';
import { setup } from './helpers.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('consent, with CTC_REQUIRE_CONSENT', () => {
  it('refuses a request that does not say what was agreed to, placing no call', async () => {
    const { post, simulator } = setup({ requireConsent: true });
    for (const consent of [undefined, {}, { version: '' }, { version: 'x'.repeat(65) }, 'yes', { version: 7 }]) {
      const answer = await post({ phone: '9876543210', consent });
      assert.equal(answer.status, 400, JSON.stringify(consent));
      assert.equal(answer.body.code, 'consent-required');
      assert.equal(answer.body.field, 'consent');
    }
    assert.equal(simulator.calls.length, 0);
  });

  it("places the call when it does, and records the receipt in the log line and the hook's requested event", async () => {
    const events: CallEvent[] = [];
    const { post, logs } = setup({ requireConsent: true, onCallEvent: (event) => void events.push(event) });
    const consent = { version: '2026-01', agreedAt: '2026-12-02T05:30:00.000Z' };
    const answer = await post({ phone: '9876543210', consent });
    assert.equal(answer.status, 200);
    const line = logs.find((entry) => entry.path === '/call')!;
    assert.equal(line.consent, 'version 2026-01, agreed 2026-12-02T05:30:00.000Z');
    assert.equal(line.phone, '98******10', 'the number masked beside it');
    await wait(20);
    assert.deepEqual(events.find((event) => event.type === 'requested')?.consent, consent);
  });

  it('is not asked for unless required, and still recorded when sent', async () => {
    const { post, logs } = setup();
    assert.equal((await post({ phone: '9876543210' })).status, 200);
    assert.equal((await post({ phone: '9876543211', consent: { version: 'v2' } })).status, 200);
    assert.deepEqual(
      logs.map((entry) => entry.consent),
      [undefined, 'version v2'],
    );
  });
});
