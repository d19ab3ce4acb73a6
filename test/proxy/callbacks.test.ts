import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryScheduler } from '../../src/proxy/business/scheduler.js';
import { proxyFromEnvironment } from '../../src/proxy/runtime/environment.js';
import type { CallEvent } from '../../src/proxy/status/tracker.js';
import { ManualScheduler, setup, until } from './helpers.js';

const secret = `push-${crypto.randomUUID()}`;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler whose booked calls wait in a ManualScheduler, with helpers to book, run, cancel and report. */
function bookingSetup(overrides: Parameters<typeof setup>[0] = {}) {
  const scheduler = new ManualScheduler();
  const events: CallEvent[] = [];
  const context = setup({
    pushReportSecret: secret,
    scheduler,
    scheduleStepMinutes: 1,
    onCallEvent: (event) => void events.push(event),
    ...overrides,
  });
  const { send, post } = context;
  const slots = async () => (await send(new Request('https://shop.example/availability'))).body.slots as string[];
  const book = async (phone: string, at?: string, headers: Record<string, string> = {}) =>
    post({ phone, at: at ?? (await slots())[0] }, { headers });
  const status = async (url: string) => (await send(new Request(new URL(url, 'https://shop.example/call')))).body;
  const cancel = (url: string) =>
    send(new Request(new URL(url, 'https://shop.example/call'), { method: 'DELETE', headers: { Origin: 'https://shop.example' } }));
  const report = (callId: string, callStatus: number) =>
    send(
      new Request(`https://shop.example/push-report/${secret}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ callId, callStatus, talkDuration: '12' }),
      }),
    );
  const runAll = async () => {
    for (const id of scheduler.ids('place')) await scheduler.run(id);
  };
  return { ...context, scheduler, events, slots, book, status, cancel, report, runAll };
}

describe('callbacks for later', () => {
  it('books a slot: 202 with scheduledAt, statusUrl and cancelUrl, and no call until its time', async () => {
    const { book, status, simulator, slots } = bookingSetup();
    const at = (await slots())[1]!;
    const answer = await book('9876543210', at);
    assert.equal(answer.status, 202);
    assert.deepEqual(Object.keys(answer.body).sort(), ['cancelUrl', 'scheduledAt', 'status', 'statusUrl']);
    assert.equal(answer.body.status, 'scheduled');
    assert.equal(answer.body.scheduledAt, at);
    assert.equal(answer.body.cancelUrl, answer.body.statusUrl);
    const booked = await status(answer.body.statusUrl as string);
    assert.deepEqual(
      [booked.state, booked.final, booked.scheduledAt, booked.attempts, booked.callId],
      ['scheduled', false, at, 0, undefined],
    );
    assert.equal(simulator.calls.length, 0);
  });

  it('places the call when its job runs, then follows it to its outcome; the hook hears every step', async () => {
    const { book, status, simulator, runAll, report, events } = bookingSetup();
    const { statusUrl } = (await book('9876543210')).body as { statusUrl: string };
    await runAll();
    assert.equal(simulator.calls.length, 1);
    const calling = await status(statusUrl);
    assert.deepEqual([calling.state, calling.attempts, typeof calling.callId], ['calling', 1, 'string']);
    assert.equal(calling.scheduledAt, undefined);
    await report(calling.callId as string, 3);
    await until(async () => (await status(statusUrl)).state === 'completed', 'the report');
    await until(() => events.length === 4, 'the hook');
    assert.deepEqual(
      events.map((event) => `${event.type} ${event.status.state}`),
      ['state scheduled', 'requested calling', 'state calling', 'state completed'],
    );
    assert.ok(events.every((event) => event.scheduleId?.startsWith('sch_') && event.phone === '+919876543210'));
  });

  it('places a booked call once however often its job runs, at once or again later', async () => {
    const { book, simulator, scheduler, status } = bookingSetup();
    const { statusUrl } = (await book('9876543211')).body as { statusUrl: string };
    const [id] = scheduler.ids('place');
    await Promise.all([scheduler.run(id!), scheduler.run(id!), scheduler.run(id!)]);
    await scheduler.run(id!);
    assert.equal(simulator.calls.length, 1);
    assert.equal((await status(statusUrl)).state, 'calling');
  });

  it('cancels a booking before its time: cancelled, no call, and a second cancel is 409 not-cancellable', async () => {
    const { book, cancel, runAll, simulator, status, events } = bookingSetup();
    const { cancelUrl } = (await book('9876543212')).body as { cancelUrl: string };
    const cancelled = await cancel(cancelUrl);
    assert.deepEqual([cancelled.status, cancelled.body.state, cancelled.body.final], [200, 'cancelled', true]);
    await runAll().catch(() => {});
    assert.equal(simulator.calls.length, 0);
    assert.equal((await status(cancelUrl)).state, 'cancelled');
    const again = await cancel(cancelUrl);
    assert.deepEqual([again.status, again.body.code], [409, 'not-cancellable']);
    await until(() => events.some((event) => event.status.state === 'cancelled'), 'the hook');
  });

  it('lets a cancel and the job race: one of them wins, never both', async () => {
    for (let round = 0; round < 5; round++) {
      const { book, cancel, scheduler, simulator, status } = bookingSetup();
      const { cancelUrl } = (await book(`987654321${round}`)).body as { cancelUrl: string };
      const [cancelled] = await Promise.all([cancel(cancelUrl), scheduler.run(scheduler.ids('place')[0]!)]);
      const state = (await status(cancelUrl)).state;
      if (cancelled.status === 200) assert.deepEqual([state, simulator.calls.length], ['cancelled', 0]);
      else assert.deepEqual([cancelled.body.code, state, simulator.calls.length], ['not-cancellable', 'calling', 1]);
    }
  });

  it('cannot cancel a call placed at once', async () => {
    const { post, cancel } = bookingSetup();
    const placed = await post({ phone: '9876543213' });
    const refused = await cancel(placed.body.statusUrl as string);
    assert.deepEqual([refused.status, refused.body.code], [409, 'not-cancellable']);
  });

  it("counts the account's budget when the call is placed, not when it is booked", async () => {
    const { book, runAll, simulator, status } = bookingSetup({ limits: { global: { limit: 1, windowMs: 60_000 } } });
    const first = (await book('9876543214')).body.statusUrl as string;
    const second = await book('9876543215');
    assert.equal(second.status, 202, 'a booking does not spend the budget');
    await runAll();
    assert.equal(simulator.calls.length, 1);
    const ended = await status(second.body.statusUrl as string);
    assert.deepEqual([ended.state, ended.final, ended.reason], ['failed', true, 'rate-limited-global']);
    assert.equal((await status(first)).state, 'calling');
  });

  it('runs the protections of /call when the booking is made: double submit and idempotency', async () => {
    const { book, slots } = bookingSetup();
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const at = (await slots())[2]!;
    const first = await book('9876543216', at, key);
    const replay = await book('9876543216', at, key);
    assert.deepEqual([replay.status, replay.body], [202, first.body]);
    const other = await book('9876543216', at);
    assert.deepEqual([other.status, other.body.code], [409, 'duplicate-submission']);
  });

  it('refuses a time it cannot read (400 invalid-time) or cannot book (409 slot-unavailable), placing nothing', async () => {
    const { book, simulator, slots, scheduler } = bookingSetup();
    const [first] = await slots();
    const offStep = new Date(Date.parse(first!) + 30_000).toISOString();
    for (const [at, status, code] of [
      ['tomorrow at ten', 400, 'invalid-time'],
      ['2026-12-03T10:00:00', 400, 'invalid-time'],
      [new Date(Date.now() - 60_000).toISOString(), 409, 'slot-unavailable'],
      [offStep, 409, 'slot-unavailable'],
      [new Date(Date.now() + 5 * 86_400_000).toISOString(), 409, 'slot-unavailable'],
    ] as const) {
      const answer = await book('9876543217', at);
      assert.deepEqual([answer.status, answer.body.code, answer.body.field], [status, code, 'at'], at);
    }
    assert.equal(simulator.calls.length + scheduler.jobs.size, 0);
  });

  it('books while closed, where a request for now is told 409 closed', async () => {
    // Closed today, in the business's zone: open from midnight.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
    const { book, post, slots } = bookingSetup({ openingHours: 'Mon-Sun 00:00-24:00', closedDates: [today] });
    assert.equal((await post({ phone: '9876543218' })).body.code, 'closed');
    const [first] = await slots();
    assert.ok(first!.endsWith('T00:00:00+05:30'), first);
    assert.equal((await book('9876543218', first)).status, 202);
  });

  it('says in /healthz that jobs in memory do not survive a restart', async () => {
    const { send } = setup({ scheduler: new MemoryScheduler() });
    const health = await send(new Request('https://shop.example/healthz'));
    assert.deepEqual(health.body.scheduler, { kind: 'memory', survivesRestart: false });
  });
});

describe('redial', () => {
  const redial = { states: ['no-answer' as const, 'busy' as const], attempts: 2, intervalMs: 300_000 };

  it('tries again after a listed ending, each attempt its own call, until the attempts are spent', async () => {
    const { post, status, report, runAll, simulator } = bookingSetup({ redial, limits: { perNumber: { limit: 5, windowMs: 3_600_000 } } });
    const { statusUrl } = (await post({ phone: '9876543220' })).body as { statusUrl: string };
    const callIds: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const calling = await status(statusUrl);
      assert.deepEqual([calling.state, calling.attempts], ['calling', attempt]);
      callIds.push(calling.callId as string);
      await report(calling.callId as string, 7); // from unanswered: the visitor did not answer
      await until(async () => (await status(statusUrl)).state !== 'calling', 'the report');
      if (attempt < 3) {
        const waiting = await status(statusUrl);
        assert.deepEqual([waiting.state, waiting.final, waiting.attempts], ['redial-scheduled', false, attempt]);
        const inFiveMinutes = Date.parse(waiting.scheduledAt as string) - Date.now();
        assert.ok(inFiveMinutes > 290_000 && inFiveMinutes <= 300_000, `${inFiveMinutes} ms`);
        await runAll();
      }
    }
    const ended = await status(statusUrl);
    assert.deepEqual([ended.state, ended.final, ended.attempts], ['no-answer', true, 3]);
    assert.equal(new Set(callIds).size, 3);
    assert.equal(simulator.calls.length, 3);
  });

  it('reads CTC_REDIAL, and refuses a value that cannot work, naming the variable', async () => {
    const proxy = proxyFromEnvironment({ CTC_REDIAL: 'no-answer, Busy:2x5m' });
    assert.deepEqual(proxy.options.redial, { states: ['no-answer', 'busy'], attempts: 2, intervalMs: 300_000 });
    await proxy.close();
    for (const [value, problem] of [
      ['no-answer', /CTC_REDIAL must be endings and attempts, such as no-answer,busy:2x5m/],
      ['no-answer:2x5', /CTC_REDIAL must be a duration such as 30s/],
      ['completed:2x5m', /CTC_REDIAL \(states\.0\) must each be one of no-answer, busy, business-unavailable, failed/],
      ['busy:6x5m', /CTC_REDIAL \(attempts\) must allow 1 to 5 more attempts/],
      ['busy:0x5m', /CTC_REDIAL \(attempts\) must allow 1 to 5 more attempts/],
      ['busy:2x10s', /CTC_REDIAL \(intervalMs\) must keep attempts at least 30 seconds apart/],
    ] as const) {
      assert.throws(() => proxyFromEnvironment({ CTC_REDIAL: value }), problem, value);
    }
  });

  it('does not redial an ending it was not told to', async () => {
    const { post, status, report } = bookingSetup({ redial });
    const { statusUrl, callId } = (await post({ phone: '9876543221' })).body as { statusUrl: string; callId: string };
    await report(callId, 6); // the business did not answer
    await until(async () => (await status(statusUrl)).final === true, 'the report');
    assert.equal((await status(statusUrl)).state, 'business-unavailable');
  });

  it("stops at the number's limit, ending as the last attempt did, with the reason", async () => {
    const { post, status, report, runAll, simulator } = bookingSetup({ redial, limits: { perNumber: { limit: 1, windowMs: 3_600_000 } } });
    const { statusUrl, callId } = (await post({ phone: '9876543222' })).body as { statusUrl: string; callId: string };
    await report(callId, 17); // busy
    await until(async () => (await status(statusUrl)).state === 'redial-scheduled', 'the report');
    await runAll();
    const ended = await status(statusUrl);
    assert.deepEqual([ended.state, ended.final, ended.reason, ended.attempts], ['busy', true, 'rate-limited-number', 1]);
    assert.equal(simulator.calls.length, 1);
  });

  it('can be cancelled while it waits', async () => {
    const { post, status, report, cancel, runAll, simulator } = bookingSetup({ redial });
    const { statusUrl, callId } = (await post({ phone: '9876543223' })).body as { statusUrl: string; callId: string };
    await report(callId, 7);
    await until(async () => (await status(statusUrl)).state === 'redial-scheduled', 'the report');
    assert.equal((await cancel(statusUrl)).body.state, 'cancelled');
    await runAll();
    assert.equal(simulator.calls.length, 1);
  });
});

describe('the memory scheduler', () => {
  it('runs a job at its time, once per id, and not after remove()', async () => {
    const scheduler = new MemoryScheduler();
    const ran: string[] = [];
    await scheduler.start(async (data) => void ran.push(data.kind === 'place' ? data.token : ''));
    const soon = Date.now() + 80;
    await scheduler.add({ id: 'a', runAt: soon, data: { kind: 'place', token: 'a', attempt: 0 } });
    await scheduler.add({ id: 'a', runAt: soon, data: { kind: 'place', token: 'a', attempt: 0 } });
    await scheduler.add({ id: 'b', runAt: soon, data: { kind: 'place', token: 'b', attempt: 0 } });
    await scheduler.remove('b');
    await wait(40);
    assert.deepEqual(ran, [], 'not before its time');
    await until(() => ran.length === 1, 'the job');
    await wait(100);
    assert.deepEqual(ran, ['a']);
  });

  it('tries a job whose runner threw again, after the retry delay', async () => {
    const scheduler = new MemoryScheduler([30, 30]);
    let tries = 0;
    await scheduler.start(async () => {
      tries += 1;
      if (tries < 3) throw new Error('store down');
    });
    await scheduler.add({ id: 'c', runAt: Date.now(), data: { kind: 'place', token: 'c', attempt: 0 } });
    await until(() => tries === 3, 'three tries');
    await wait(100);
    assert.equal(tries, 3);
    await scheduler.close();
  });
});
