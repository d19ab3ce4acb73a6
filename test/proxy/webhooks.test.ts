import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { listen } from '../../src/node/http.js';
import type { BusinessEvent } from '../../src/proxy/business/webhooks.js';
import { ManualScheduler, madeUpSecret, setup, until } from './helpers.js';

// Made afresh for each run, as a site makes its own: no secret is written in the repository.
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const secret = newWebhookSecret();
const pushReportSecret = `push-${crypto.randomUUID()}`;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A business's receiver that answers each delivery with the next of `statuses` (then 200), and keeps what came. */
async function receiver(statuses: number[] = []) {
  const received: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  const { server, url } = await listen(
    createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body, at: Date.now() });
        response.statusCode = statuses.shift() ?? 200;
        response.end();
      });
    }),
    0,
    '127.0.0.1',
  );
  return { received, url: `${url}/hooks`, close: () => server.close() };
}

describe('event webhooks to the business', () => {
  it('sends call.requested and call.ended, signed as Standard Webhooks says, with the visitor’s E.164 number', async () => {
    const business = await receiver();
    try {
      const { post, send } = setup({ pushReportSecret, events: { url: business.url, secret } });
      const placed = await post({ phone: '98765 43210' });
      const callId = placed.body.callId as string;
      assert.equal(JSON.stringify(placed.body).includes('9876543210'), false, 'the visitor’s answer never holds the number');
      await send(
        new Request(`https://shop.example/push-report/${pushReportSecret}`, {
          method: 'POST',
          body: JSON.stringify({ callId, callStatus: 3, talkDuration: '42' }),
        }),
      );
      await until(() => business.received.length === 2, 'two deliveries');
      const verifier = new Webhook(secret);
      const events = business.received.map(
        ({ body, headers }) => verifier.verify(body, headers as Record<string, string>) as BusinessEvent,
      );
      assert.deepEqual(
        events.map((event) => [event.type, event.data.callId, event.data.phone, event.data.state]),
        [
          ['call.requested', callId, '+919876543210', 'calling'],
          ['call.ended', callId, '+919876543210', 'completed'],
        ],
      );
      assert.deepEqual([events[1]!.data.talkSeconds, events[1]!.data.providerStatus, events[1]!.data.final], [42, 3, true]);
      // A signature made with another secret does not verify: the test's check can fail.
      const stranger = new Webhook(newWebhookSecret());
      assert.throws(() => stranger.verify(business.received[0]!.body, business.received[0]!.headers as Record<string, string>));
    } finally {
      business.close();
    }
  });

  it('retries a failed delivery under the same webhook-id, freshly signed, until the receiver takes it', async () => {
    const business = await receiver([500, 503]);
    try {
      const { post, logs } = setup({ events: { url: business.url, secret, retryDelaysMs: [30, 60, 90] } });
      await post({ phone: '9876543210' });
      await until(() => business.received.length === 3, 'three attempts');
      await wait(150);
      assert.equal(business.received.length, 3, 'no attempt after the one taken');
      const ids = business.received.map(({ headers }) => headers['webhook-id']);
      assert.equal(new Set(ids).size, 1);
      const verifier = new Webhook(secret);
      for (const { body, headers } of business.received)
        assert.equal((verifier.verify(body, headers as Record<string, string>) as BusinessEvent).type, 'call.requested');
      const failures = logs.filter((entry) => entry.method === 'EVENT').map((entry) => entry.detail);
      assert.equal(failures.length, 2);
      assert.match(failures[0]!, /attempt 1 failed \(HTTP 500\)/);
      assert.match(failures[1]!, /attempt 2 failed \(HTTP 503\)/);
      assert.equal(JSON.stringify(logs).includes(secret), false, 'the secret is in no log line');
    } finally {
      business.close();
    }
  });

  it('gives up after the last retry, and says so', async () => {
    const business = await receiver([500, 500, 500]);
    try {
      const { post, logs } = setup({ events: { url: business.url, secret, retryDelaysMs: [20, 20] } });
      await post({ phone: '9876543210' });
      await until(() => logs.some((entry) => entry.detail?.includes('given up')), 'the last attempt');
      assert.equal(business.received.length, 3);
      assert.match(logs.find((entry) => entry.detail?.includes('given up'))!.detail!, /given up after 3 attempts \(last: HTTP 500\)/);
    } finally {
      business.close();
    }
  });

  it('never slows the visitor’s answer, however slow the receiver', async () => {
    const { server, url } = await listen(
      createServer(() => {}),
      0,
      '127.0.0.1',
    );
    try {
      const { post } = setup({ events: { url: `${url}/hooks`, secret, retryDelaysMs: [] } });
      const started = performance.now();
      assert.equal((await post({ phone: '9876543210' })).status, 200);
      assert.ok(performance.now() - started < 1000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('refuses a secret that is not a Standard Webhooks secret, naming the setting', () => {
    assert.throws(
      () => setup({ events: { url: 'https://business.example/hooks', secret: madeUpSecret('not-standard') } }),
      /events\.secret must be a Standard Webhooks secret/,
    );
  });

  it('sends call.scheduled for a booking and call.cancelled for its cancel, both with the booking’s scheduleId', async () => {
    const business = await receiver();
    try {
      const scheduler = new ManualScheduler();
      const { post, send } = setup({ events: { url: business.url, secret }, scheduler, scheduleStepMinutes: 1 });
      const [at] = (await send(new Request('https://shop.example/availability'))).body.slots as string[];
      const booked = await post({ phone: '98765 43219', at });
      await send(new Request(new URL(booked.body.cancelUrl as string, 'https://shop.example'), { method: 'DELETE' }));
      await until(() => business.received.length === 2, 'two deliveries');
      const verifier = new Webhook(secret);
      const events = business.received.map(
        ({ body, headers }) => verifier.verify(body, headers as Record<string, string>) as BusinessEvent,
      );
      assert.deepEqual(
        events.map((event) => [event.type, event.data.state, event.data.phone]),
        [
          ['call.scheduled', 'scheduled', '+919876543219'],
          ['call.cancelled', 'cancelled', '+919876543219'],
        ],
      );
      assert.equal(events[0]!.data.scheduledAt, at);
      assert.ok(events[0]!.data.scheduleId?.startsWith('sch_'));
      assert.equal(events[1]!.data.scheduleId, events[0]!.data.scheduleId);
      const ids = business.received.map(({ headers }) => headers['webhook-id']);
      assert.deepEqual(ids, [`msg_${events[0]!.data.scheduleId}_call_scheduled`, `msg_${events[0]!.data.scheduleId}_call_cancelled`]);
    } finally {
      business.close();
    }
  });

  it('keeps a failed delivery as a job of the scheduler, which sends it again under the same webhook-id', async () => {
    const business = await receiver([503]);
    try {
      const scheduler = new ManualScheduler();
      const { post } = setup({ events: { url: business.url, secret }, scheduler });
      await post({ phone: '98765 43218' });
      await until(() => scheduler.ids('webhook').length === 1, 'the retry job');
      assert.equal(business.received.length, 1);
      const [job] = scheduler.ids('webhook');
      await scheduler.run(job!);
      assert.equal(business.received.length, 2);
      assert.equal(business.received[1]!.headers['webhook-id'], business.received[0]!.headers['webhook-id']);
      new Webhook(secret).verify(business.received[1]!.body, business.received[1]!.headers as Record<string, string>);
      assert.equal(scheduler.ids('webhook').length, 1, 'delivered: no further retry');
    } finally {
      business.close();
    }
  });
});
