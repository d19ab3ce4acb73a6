import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpeningHours, parseOpeningHours } from '../../src/proxy/business/hours.js';
import { proxyFromEnvironment } from '../../src/proxy/runtime/environment.js';
import { setup } from './helpers.js';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const at = (iso: string) => new Date(iso);
const ist = (hours: OpeningHours, instant: Date | undefined) => (instant ? hours.local(instant) : undefined);

describe('opening hours', () => {
  const shop = new OpeningHours(parseOpeningHours('Mon-Fri 09:00-13:00 14:00-18:00, Sat 10:00-14:00'), 'Asia/Kolkata', ['2026-12-03']);

  it('are open within a period and say when it closes; closed between split shifts, and say when they open', () => {
    // Wednesday 2 December 2026: 09:30, 13:30 and 18:30 in Kolkata.
    assert.deepEqual(ist(shop, shop.at(at('2026-12-02T04:00:00Z')).closesAt), '2026-12-02T13:00:00+05:30');
    assert.equal(shop.at(at('2026-12-02T04:00:00Z')).open, true);
    const lunch = shop.at(at('2026-12-02T08:00:00Z'));
    assert.deepEqual([lunch.open, ist(shop, lunch.opensAt)], [false, '2026-12-02T14:00:00+05:30']);
    // Thursday is a closed date: Wednesday evening's next opening is Friday.
    assert.equal(ist(shop, shop.at(at('2026-12-02T13:00:00Z')).opensAt), '2026-12-04T09:00:00+05:30');
    // Saturday afternoon: nothing on Sunday, so Monday.
    assert.equal(ist(shop, shop.at(at('2026-12-05T09:00:00Z')).opensAt), '2026-12-07T09:00:00+05:30');
  });

  it('read a split shift written as two items the same as one item with two periods', () => {
    assert.deepEqual(parseOpeningHours('Mon 09:00-13:00, Mon 14:00-18:00'), parseOpeningHours('Mon 09:00-13:00 14:00-18:00'));
    // A range of days that wraps past Sunday.
    const wrapped = parseOpeningHours('Fri-Mon 10:00-12:00');
    assert.deepEqual(
      wrapped.map((periods) => periods.length),
      [1, 1, 0, 0, 0, 1, 1],
    );
  });

  it('follow the zone’s own clock across a change of daylight time', () => {
    const office = new OpeningHours(parseOpeningHours('Mon-Sun 09:00-17:00'), 'America/New_York');
    assert.equal(ist(office, office.at(at('2026-03-08T03:00:00Z')).opensAt), '2026-03-08T09:00:00-04:00');
    assert.equal(ist(office, office.at(at('2026-11-01T03:00:00Z')).opensAt), '2026-11-01T09:00:00-05:00');
    assert.equal(office.at(at('2026-11-01T13:30:00Z')).open, false, '08:30 after the change is before opening');
    assert.equal(office.at(at('2026-11-01T14:30:00Z')).open, true);
  });

  it('offer slots every 15 minutes within the hours, after now, skipping closed dates', () => {
    const slots = shop.slots(at('2026-12-02T12:00:00Z'), 3).map((slot) => shop.local(slot));
    assert.equal(slots[0], '2026-12-02T17:45:00+05:30', 'the last slot that ends by 18:00');
    assert.equal(slots[1], '2026-12-04T09:00:00+05:30', 'Thursday is closed');
    assert.equal(slots.length, 1 + 32);
    assert.equal(slots.includes('2026-12-04T13:00:00+05:30'), false, 'none in the lunch break');
  });

  it('refuse text they cannot read, naming the item', () => {
    assert.throws(
      () => setup({ openingHours: 'Mon-Fri 09:00-18:00, Sat 14:00-10:00' }),
      /openingHours\.1 "14:00-10:00" must be a period of one day/,
    );
    assert.throws(() => setup({ openingHours: 'weekdays 9-5' }), /openingHours\.0 "weekdays 9-5" must be days and times/);
    assert.throws(() => setup({ openingHours: 'Mon 09:00-18:00', timezone: 'India/Delhi' }), /timezone must be an IANA time zone/);
    assert.throws(() => proxyFromEnvironment({ CTC_OPENING_HOURS: 'Mon 09:00-18:00, Sun 9' }), /CTC_OPENING_HOURS \(item 2\)/);
    assert.throws(() => proxyFromEnvironment({ CTC_CLOSED_DATES: '2026-12-25,25/12' }), /CTC_CLOSED_DATES \(item 2\) must be a date/);
  });
});

describe('the proxy outside its hours', () => {
  // Open only tomorrow (UTC), all day: closed now, whatever the time of the run.
  const tomorrow = days[(new Date().getUTCDay() + 1) % 7]!;
  const closedNow = { openingHours: `${tomorrow} 00:00-24:00`, timezone: 'UTC' };
  const nextMidnight = `${new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1)).toISOString().slice(0, 10)}T00:00:00+00:00`;

  it('places no call and answers 409 closed with when it opens', async () => {
    const { post, simulator } = setup(closedNow);
    const answer = await post({ phone: '9876543210' });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.code, 'closed');
    assert.equal(answer.body.opensAt, nextMidnight);
    assert.equal(typeof answer.body.message, 'string');
    assert.equal(simulator.calls.length, 0);
    // Invalid input is still told so first.
    assert.equal((await post({ phone: '12' })).body.code, 'too-short');
  });

  it('places calls as before within its hours, and without any set', async () => {
    assert.equal((await setup({ openingHours: 'Mon-Sun 00:00-24:00', timezone: 'UTC' }).post({ phone: '9876543210' })).status, 200);
    assert.equal((await setup().post({ phone: '9876543210' })).status, 200);
  });

  it('tells its availability on GET /availability, cacheable for a minute', async () => {
    const { send } = setup({ ...closedNow, scheduleDays: 2 });
    const answer = await send(new Request('https://shop.example/availability'));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('Cache-Control'), 'public, max-age=60');
    assert.equal(answer.body.open, false);
    assert.equal(answer.body.opensAt, nextMidnight);
    assert.equal(answer.body.timezone, 'UTC');
    const slots = answer.body.slots as string[];
    // Today is closed; tomorrow, the second local day, is open all day.
    assert.equal(slots.length, 96);
    assert.equal(slots[0], nextMidnight);
    assert.equal(JSON.stringify(answer.body).includes('9123456780'), false, 'no secret or destination in it');
    const elsewhere = await send(new Request('https://shop.example/availability', { headers: { Origin: 'https://evil.example' } }));
    assert.equal(elsewhere.status, 403);
  });

  it('says always open when no hours are set, with slots every 15 minutes round the clock', async () => {
    const answer = await setup().send(new Request('https://shop.example/availability'));
    const { slots, ...rest } = answer.body as { slots: string[] };
    assert.deepEqual(rest, { open: true, timezone: 'Asia/Kolkata' });
    // The rest of today and two more local days, every quarter of an hour.
    assert.ok(slots.length > 2 * 96 && slots.length <= 3 * 96, `${slots.length} slots`);
    const instants = slots.map(Date.parse);
    assert.ok(instants[0]! > Date.now() && instants[0]! <= Date.now() + 15 * 60_000);
    assert.ok(instants.every((instant, index) => index === 0 || instant - instants[index - 1]! === 15 * 60_000));
  });
});
