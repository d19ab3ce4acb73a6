import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startProxyServer } from '../../src/proxy/runtime/server.js';
import { callStateTable, finalStateOf } from '../../src/proxy/provider/call-states.js';
import { readPushReports } from '../../src/proxy/provider/push-report.js';
import { MemoryStore } from '../../src/proxy/protection/stores/memory.js';
import { MemoryStatusChannel } from '../../src/proxy/status/channel.js';
import { statusEvents } from '../../src/proxy/status/stream.js';
import { CallTracker } from '../../src/proxy/status/tracker.js';
import type { CallEvent } from '../../src/proxy/status/tracker.js';
import { setup, until } from './helpers.js';

// Made afresh for each run, as a real one is generated: none is written in the repository.
const secret = `push-${crypto.randomUUID()}`;
const reportUrl = `https://shop.example/push-report/${secret}`;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler with push reports on, and helpers to place a call, report it and read its status. */
function statusSetup(overrides: Parameters<typeof setup>[0] = {}) {
  const context = setup({ pushReportSecret: secret, ...overrides });
  const { send, post } = context;
  const place = async (phone = '9876543210') => {
    const answer = await post({ phone });
    assert.equal(answer.status, 200);
    return { callId: answer.body.callId as string, statusUrl: answer.body.statusUrl as string };
  };
  const status = (statusUrl: string, headers: Record<string, string> = {}) =>
    send(new Request(new URL(statusUrl, 'https://shop.example/call'), { headers }));
  const report = (body: string, contentType = 'application/json', url = reportUrl) =>
    send(new Request(url, { method: 'POST', headers: { 'Content-Type': contentType }, body }));
  return { ...context, place, status, report };
}

describe('the callStatus table', () => {
  it('covers every code from 3 to 21 for both call orders', () => {
    for (let code = 3; code <= 21; code++) assert.ok(callStateTable[code], `code ${code}`);
    assert.deepEqual(
      Object.keys(callStateTable).map(Number),
      Array.from({ length: 19 }, (_, index) => index + 3),
    );
  });

  it('reads the legs as the call order makes them: "from" is the visitor only when the visitor is rung first', () => {
    assert.equal(finalStateOf(3, 'visitor'), 'completed');
    assert.equal(finalStateOf(3, 'destination'), 'completed');
    // "from unanswered": the visitor's leg when rung first, the business's otherwise.
    assert.equal(finalStateOf(7, 'visitor'), 'no-answer');
    assert.equal(finalStateOf(7, 'destination'), 'business-unavailable');
    // "to unanswered": the other way round.
    assert.equal(finalStateOf(8, 'visitor'), 'business-unavailable');
    assert.equal(finalStateOf(8, 'destination'), 'no-answer');
    assert.equal(finalStateOf(17, 'visitor'), 'busy');
    assert.equal(finalStateOf(17, 'destination'), 'business-unavailable');
    assert.equal(finalStateOf(20, 'visitor'), 'business-unavailable');
    assert.equal(finalStateOf(9, 'destination'), 'no-answer');
  });

  it('calls a code outside the table, or none, failed', () => {
    assert.equal(finalStateOf(2, 'visitor'), 'failed');
    assert.equal(finalStateOf(99, 'destination'), 'failed');
    assert.equal(finalStateOf(undefined, 'visitor'), 'failed');
  });
});

describe('reading push-report bodies', () => {
  const report = { callId: 'c1', callStatus: 3, talkDuration: '42' };

  it('reads a JSON object, an array of them, and the push_report form field', () => {
    const expected = [{ callId: 'c1', callStatus: 3, talkSeconds: 42 }];
    assert.deepEqual(readPushReports(JSON.stringify(report)), { ok: true, reports: expected, skipped: 0 });
    assert.deepEqual(readPushReports(JSON.stringify([report, { ...report, callId: 'c2' }])).ok, true);
    assert.equal((readPushReports(JSON.stringify([report, { ...report, callId: 'c2' }])) as { reports: unknown[] }).reports.length, 2);
    assert.deepEqual(readPushReports(`push_report=${encodeURIComponent(JSON.stringify(report))}`), {
      ok: true,
      reports: expected,
      skipped: 0,
    });
  });

  it("skips an unconfigured template's {} and reads placeholders and zero dates as absent", () => {
    assert.deepEqual(readPushReports('push_report={}'), { ok: true, reports: [], skipped: 1 });
    const withPlaceholders = {
      callId: 'c1',
      callStatus: '{{%%callStatus%%}}',
      talkDuration: '{{%%talkDuration%%}}',
      firstAnswerTime: '0000-00-00 00:00:00',
    };
    assert.deepEqual(readPushReports(JSON.stringify(withPlaceholders)), {
      ok: true,
      reports: [{ callId: 'c1', callStatus: undefined, talkSeconds: undefined }],
      skipped: 0,
    });
    assert.deepEqual(readPushReports(JSON.stringify({ callId: '{{%%callId%%}}', callStatus: 3 })), { ok: true, reports: [], skipped: 1 });
  });

  it('says what is wrong with a body it cannot read', () => {
    assert.deepEqual(readPushReports('{"callId":'), { ok: false, problem: 'push report is not valid JSON' });
    assert.deepEqual(readPushReports('hello'), { ok: false, problem: 'neither JSON nor a push_report form field' });
  });
});

describe('a placed call’s status', () => {
  it('is named in the answer by an unguessable token, and reads calling until a report comes', async () => {
    const { place, status } = statusSetup();
    const { callId, statusUrl } = await place();
    const token = statusUrl.split('/').at(-1)!;
    assert.match(statusUrl, /^\/status\/[\w-]{24}$/);
    // 24 base64url characters: 144 bits, not derived from the call id.
    assert.ok(!token.includes(callId) && !callId.includes(token));
    const read = await status(statusUrl);
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('Cache-Control'), 'no-store');
    assert.equal(read.body.callId, callId);
    assert.equal(read.body.state, 'calling');
    assert.equal(read.body.final, false);
    assert.ok(!Number.isNaN(Date.parse(read.body.updatedAt as string)));
    assert.equal(JSON.stringify(read.body).includes('9876543210'), false, 'the visitor’s number stays on the server');
  });

  it('is 404 not-found for an unknown token, and refused to another site’s page', async () => {
    const { place, status } = statusSetup();
    const { statusUrl } = await place();
    const unknown = await status('/status/AAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'not-found');
    assert.equal((await status('/status/short')).status, 404);
    const elsewhere = await status(statusUrl, { Origin: 'https://evil.example' });
    assert.equal(elsewhere.status, 403);
    assert.equal(elsewhere.body.code, 'origin-not-allowed');
  });

  it('grants CORS to an allowed origin, as /call does', async () => {
    const { place, status } = statusSetup({ allowedOrigins: ['https://partner.example'] });
    const { statusUrl } = await place();
    const read = await status(statusUrl, { Origin: 'https://partner.example' });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('Access-Control-Allow-Origin'), 'https://partner.example');
  });

  it('is 404 once the status has been kept for CTC_STATUS_TTL', async () => {
    let now = Date.now();
    const { place, status } = statusSetup({ statusStore: new MemoryStore({ now: () => now }), statusTtlMs: 60_000 });
    const { statusUrl } = await place();
    assert.equal((await status(statusUrl)).status, 200);
    now += 60_001;
    const expired = await status(statusUrl);
    assert.equal(expired.status, 404);
    assert.equal(expired.body.code, 'not-found');
  });

  it('is the same statusUrl for a retry answered from its Idempotency-Key', async () => {
    const { post } = statusSetup();
    const headers = { 'Idempotency-Key': 'key-for-the-status-test-0001' };
    const first = await post({ phone: '9876543210' }, { headers });
    const again = await post({ phone: '9876543210' }, { headers });
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(again.body.statusUrl, first.body.statusUrl);
  });
});

describe('the push-report route', () => {
  it('answers the right secret GODBLESSYOU in plain text, to a GET and to any POST', async () => {
    const { send, report } = statusSetup();
    const check = await send(new Request(reportUrl));
    assert.equal(check.status, 200);
    assert.equal(check.headers.get('Content-Type'), 'text/plain; charset=utf-8');
    assert.equal(await (await statusSetup().handler(new Request(reportUrl))).text(), 'GODBLESSYOU');
    const junk = await statusSetup().handler(new Request(reportUrl, { method: 'POST', body: 'not a report' }));
    assert.equal(await junk.text(), 'GODBLESSYOU');
    assert.equal((await report('{}')).status, 200);
  });

  it('ends a call as its report says, once: the same report again, or a later one, changes nothing', async () => {
    const { place, status, report } = statusSetup();
    const { callId, statusUrl } = await place('9876543210');
    await report(JSON.stringify({ callId, callStatus: 3, talkDuration: '61' }));
    await until(async () => (await status(statusUrl)).body.final === true, 'the report to apply', 2000);
    const ended = (await status(statusUrl)).body;
    assert.deepEqual(
      { state: ended.state, talkSeconds: ended.talkSeconds, providerStatus: ended.providerStatus },
      {
        state: 'completed',
        talkSeconds: 61,
        providerStatus: 3,
      },
    );
    await report(JSON.stringify({ callId, callStatus: 3, talkDuration: '61' }));
    await report(JSON.stringify({ callId, callStatus: 7 }));
    await wait(50);
    assert.deepEqual((await status(statusUrl)).body, ended);
  });

  it('reads form posts, arrays and placeholders as the panels send them', async () => {
    const { place, status, report } = statusSetup();
    const one = await place('9876543210');
    const two = await place('9876543211');
    await report(
      `push_report=${encodeURIComponent(JSON.stringify({ callId: one.callId, callStatus: '17', recordings: '{{%%recordings%%}}' }))}`,
      'application/x-www-form-urlencoded',
    );
    await report(JSON.stringify([{ callId: two.callId, callStatus: 6, talkDuration: '{{%%talkDuration%%}}', lastHangupTime: '0' }]));
    await until(
      async () => (await status(two.statusUrl)).body.final === true && (await status(one.statusUrl)).body.final === true,
      'both reports',
      2000,
    );
    assert.equal((await status(one.statusUrl)).body.state, 'busy');
    const second = (await status(two.statusUrl)).body;
    assert.equal(second.state, 'business-unavailable');
    assert.equal('talkSeconds' in second, false);
  });

  it('is a 404 like any unknown path for a wrong secret, or when no secret is set, and changes nothing', async () => {
    const { place, status, report } = statusSetup();
    const { callId, statusUrl } = await place();
    const wrong = await report(
      JSON.stringify({ callId, callStatus: 3 }),
      'application/json',
      `https://shop.example/push-report/${secret.slice(0, -1)}x`,
    );
    assert.equal(wrong.status, 404);
    assert.equal(wrong.body.code, 'not-found');
    const unset = setup();
    const refused = await unset.send(new Request(reportUrl, { method: 'POST', body: '{}' }));
    assert.equal(refused.status, 404);
    await wait(20);
    assert.equal((await status(statusUrl)).body.state, 'calling');
  });

  it('acknowledges, logs and ignores a body over 64 KB, an unusable body and a call it did not place', async () => {
    const { place, status, report, logs } = statusSetup();
    const { callId, statusUrl } = await place();
    const huge = JSON.stringify({ callId, callStatus: 3, padding: 'x'.repeat(70_000) });
    assert.equal((await report(huge)).status, 200);
    assert.equal((await report('{"callId":')).status, 200);
    assert.equal((await report(JSON.stringify({ callId: 'not-ours-123', callStatus: 3 }))).status, 200);
    await until(() => logs.filter((entry) => entry.path.startsWith('/push-report/')).length === 3, 'three log lines', 2000);
    const details = logs.filter((entry) => entry.path.startsWith('/push-report/')).map((entry) => entry.detail);
    assert.deepEqual(details, [
      'push report over 64 KB: ignored',
      'push report ignored: push report is not valid JSON',
      'push report: not-ours-123 is not a call of this proxy: ignored',
    ]);
    assert.equal((await status(statusUrl)).body.state, 'calling');
  });

  it('never writes its secret into a log line', async () => {
    const { report, logs } = statusSetup();
    await report('{}');
    assert.ok(logs.length > 0);
    assert.equal(JSON.stringify(logs).includes(secret), false);
    assert.equal(logs.at(-1)!.path, '/push-report/[redacted]');
  });
});

describe('the status as Server-Sent Events', () => {
  /** Reads a stream's events until it ends. */
  async function events(response: Response): Promise<{ events: Record<string, unknown>[]; text: string }> {
    const text = await response.text();
    const parsed = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: status'))
      .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as Record<string, unknown>);
    return { events: parsed, text };
  }

  it('sends the state now and each change, then ends after a final state', async () => {
    const { place, handler, report } = statusSetup();
    const { callId, statusUrl } = await place();
    const response = await handler(new Request(new URL(statusUrl, 'https://shop.example'), { headers: { Accept: 'text/event-stream' } }));
    assert.equal(response.headers.get('Content-Type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const reading = events(response);
    await wait(20);
    await report(JSON.stringify({ callId, callStatus: 7 }));
    const { events: received } = await reading;
    assert.deepEqual(
      received.map((event) => event.state),
      ['calling', 'no-answer'],
    );
    assert.equal(received[1]!.final, true);
  });

  it('sends only the final state, and ends, for a call that has ended', async () => {
    const { place, handler, report, status } = statusSetup();
    const { callId, statusUrl } = await place();
    await report(JSON.stringify({ callId, callStatus: 17 }));
    await until(async () => (await status(statusUrl)).body.final === true, 'the report', 2000);
    const response = await handler(new Request(new URL(statusUrl, 'https://shop.example'), { headers: { Accept: 'text/event-stream' } }));
    assert.deepEqual(
      (await events(response)).events.map((event) => event.state),
      ['busy'],
    );
  });

  it('writes a comment line at each keep-alive, so that nothing between takes the stream for dead', async () => {
    const tracker = new CallTracker({
      store: new MemoryStore(),
      channel: new MemoryStatusChannel(),
      statusTtlMs: 60_000,
      outcomeTimeoutMs: 60_000,
      onCallEvent: undefined,
      problem: () => {},
      local: (instant) => instant.toISOString(),
    });
    const record = await tracker.start('call-keep-alive', '+919876543210');
    const reader = statusEvents(tracker, record, 60_000, 40).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();
    await wait(150);
    assert.ok((text.match(/^: keep-alive$/gm) ?? []).length >= 2, text);
    assert.equal(tracker.watching, 1);
    await tracker.end('call-keep-alive', { state: 'completed' });
    await reading;
    assert.match(text, /"state":"completed"/);
    assert.equal(tracker.watching, 0, 'the ended stream stops watching');
  });

  it('ends unknown when no report comes within the outcome timeout', async () => {
    const { place, handler } = statusSetup({ outcomeTimeoutMs: 1000 });
    const { statusUrl } = await place();
    const response = await handler(new Request(new URL(statusUrl, 'https://shop.example'), { headers: { Accept: 'text/event-stream' } }));
    const started = Date.now();
    const { events: received } = await events(response);
    assert.deepEqual(
      received.map((event) => event.state),
      ['calling', 'unknown'],
    );
    assert.ok(Date.now() - started >= 900, 'not before the timeout');
  });
});

describe('the outcome timeout and onCallEvent', () => {
  it('tells the hook of the request and each state, with the visitor’s E.164 number, and unknown after the timeout', async () => {
    const seen: CallEvent[] = [];
    const { place, status } = statusSetup({ outcomeTimeoutMs: 1000, onCallEvent: (event) => void seen.push(event) });
    const { callId, statusUrl } = await place('98765 43210');
    await until(() => seen.length === 2, 'requested and calling', 2000);
    assert.deepEqual(
      seen.map((event) => [event.type, event.status.state, event.phone, event.callId]),
      [
        ['requested', 'calling', '+919876543210', callId],
        ['state', 'calling', '+919876543210', callId],
      ],
    );
    await until(() => seen.length === 3, 'the timeout', 3000);
    assert.deepEqual([seen[2]!.type, seen[2]!.status.state], ['state', 'unknown']);
    assert.equal((await status(statusUrl)).body.state, 'unknown');
  });

  it('answers the visitor however the hook fails or dawdles, and logs its failure', async () => {
    const throwing = statusSetup({
      onCallEvent: () => {
        throw new Error('CRM down');
      },
    });
    assert.equal((await throwing.post({ phone: '9876543210' })).status, 200);
    await until(() => throwing.logs.some((entry) => entry.detail?.includes('CRM down')), 'the logged failure', 2000);
    const failure = throwing.logs.find((entry) => entry.detail?.includes('CRM down'))!;
    assert.equal(failure.outcome, 'failed');
    assert.match(failure.detail!, /onCallEvent \(requested calling\): CRM down/);

    const rejecting = statusSetup({ onCallEvent: () => Promise.reject(new Error('webhook 500')) });
    assert.equal((await rejecting.post({ phone: '9876543210' })).status, 200);
    await until(() => rejecting.logs.some((entry) => entry.detail?.includes('webhook 500')), 'the logged rejection', 2000);

    const stalling = statusSetup({ onCallEvent: () => new Promise(() => {}) });
    const started = performance.now();
    assert.equal((await stalling.post({ phone: '9876543210' })).status, 200);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('the simulator, wired by the command-line proxy', () => {
  it('reports each call to the proxy, with the outcome its last digit chooses', async () => {
    const proxy = await startProxyServer({ PORT: '0', CTC_SIMULATOR_REPORT_DELAY: '1s', CTC_LIMIT_PER_NUMBER: '10/1h' });
    try {
      const outcomes = ['completed', 'no-answer', 'busy', 'business-unavailable', 'failed'];
      const placed = await Promise.all(
        outcomes.map(async (_, digit) => {
          const response = await fetch(`${proxy.url}/call`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ phone: `987654321${digit}` }),
          });
          return ((await response.json()) as { statusUrl: string }).statusUrl;
        }),
      );
      const finals = await Promise.all(
        placed.map(async (statusUrl) => {
          const response = await fetch(new URL(statusUrl, proxy.url), { headers: { Accept: 'text/event-stream' } });
          const blocks = (await response.text()).split('\n\n').filter((block) => block.startsWith('event: status'));
          return (JSON.parse(blocks.at(-1)!.split('\ndata: ')[1]!) as { state: string }).state;
        }),
      );
      assert.deepEqual(finals, outcomes);
      // Digit 5: never reported, so still calling.
      const silent = await fetch(`${proxy.url}/call`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone: '9876543215' }),
      });
      const { statusUrl } = (await silent.json()) as { statusUrl: string };
      await wait(1300);
      assert.equal(((await (await fetch(new URL(statusUrl, proxy.url))).json()) as { state: string }).state, 'calling');
      assert.equal(
        proxy.simulator!.reports.every((sent) => sent.answer === 200),
        true,
      );
    } finally {
      await proxy.close();
    }
  });
});
