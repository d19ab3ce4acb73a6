import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from 'node:http';
import { listen } from '../../src/node/http.js';
import { readPushReports } from '../../src/proxy/provider/push-report.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';
import { madeUpSecret, secretToken } from '../proxy/helpers.js';

const account = { userId: '555', token: secretToken };
const base = { user_id: '555', token: account.token, from: '9876543210', to: '9123456780' };

async function ask(simulator: ProviderSimulator, query: Record<string, string>) {
  const url = `https://sim.example/v2/clickToCall/para?${new URLSearchParams(query)}`;
  const response = await simulator.fetch(url, { method: 'POST' });
  return (await response.json()) as { status: string; code: string; callid?: string; message?: string };
}

describe('the provider simulator', () => {
  it('accepts a good request with the documented success shape and a fresh call id each time', async () => {
    const simulator = new ProviderSimulator(account);
    const first = await ask(simulator, base);
    const second = await ask(simulator, base);
    assert.equal(first.status, 'success');
    assert.equal(first.code, '200');
    assert.match(first.callid!, /^[a-z0-9]{7}\d{19}$/);
    assert.notEqual(first.callid, second.callid);
    assert.equal(simulator.calls.length, 2);
    assert.equal(simulator.calls[0]!.from, '9876543210');
  });

  const cases: [string, Record<string, string | undefined>, string][] = [
    ['missing user id', { user_id: undefined }, '1002'],
    ['wrong user id', { user_id: '1' }, '1013'],
    ['missing token', { token: undefined }, '1014'],
    ['wrong token', { token: madeUpSecret('wrong-token') }, '1020'],
    ['value over 50 characters', { to: '9'.repeat(51) }, '1569'],
    ['both legs empty', { from: '', to: '' }, '1521'],
    ['from missing', { from: undefined }, '1506'],
    ['to missing', { to: undefined }, '1507'],
    ['empty fromType', { fromType: '' }, '1502'],
    ['invalid fromType', { fromType: 'Robot' }, '1503'],
    ['invalid toType', { toType: 'Robot' }, '1505'],
    ['invalid number in from', { from: '12345' }, '1508'],
    ['invalid number in to', { to: '5123456789' }, '1509'],
    ['duplicate numbers in from', { from: '9876543210,9876543210' }, '1510'],
    ['too many agents in to', { toType: 'Agent', to: '101,102,103,101,102,103' }, '1553'],
    ['unknown agent in to', { toType: 'Agent', to: '999' }, '1513'],
    ['several groups in to', { toType: 'Group', to: '1,2' }, '1517'],
    ['unknown group in from', { fromType: 'Group', from: '9' }, '1518'],
    ['same value in both legs', { to: '9876543210' }, '1520'],
    ['invalid strategy', { toStrategy: 'ALL' }, '1523'],
    ['ring time not a number', { fromRingTime: 'ten' }, '1524'],
    ['negative ring time', { toRingTime: '-5' }, '1527'],
    ['ring time over 50', { fromRingTime: '51' }, '1550'],
    ['retry count over 3', { toRetryCount: '4' }, '1549'],
    ['negative retry count', { fromRetryCount: '-1' }, '1529'],
    ['empty time limit', { timeLimit: '' }, '1532'],
    ['negative time limit', { timeLimit: '-10' }, '1533'],
    ['zero time limit', { timeLimit: '0' }, '1534'],
  ];
  for (const [name, change, code] of cases) {
    it(`answers ${code} for ${name}, and places no call`, async () => {
      const simulator = new ProviderSimulator(account);
      const query = Object.fromEntries(
        Object.entries({ ...base, ...change }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const answer = await ask(simulator, query);
      assert.deepEqual([answer.status, answer.code], ['error', code]);
      assert.equal(typeof answer.message, 'string');
      assert.equal(simulator.calls.length, 0);
    });
  }

  it('accepts agents, groups and the boundaries of each range', async () => {
    const simulator = new ProviderSimulator(account);
    const answer = await ask(simulator, {
      ...base,
      toType: 'Group',
      to: '1',
      fromRingTime: '0',
      toRingTime: '50',
      fromRetryCount: '3',
      timeLimit: '1',
      fromStrategy: 'TO_ALL',
    });
    assert.equal(answer.status, 'success');
    assert.equal((await ask(simulator, { ...base, fromType: 'Agent', from: '101,102' })).status, 'success');
  });

  it('misbehaves on a port as it is told: drop and hang', async () => {
    const simulator = new ProviderSimulator(account);
    const { server, endpoint } = await serveSimulator(simulator);
    try {
      simulator.misbehave({ kind: 'drop' });
      await assert.rejects(fetch(`${endpoint}?${new URLSearchParams(base)}`, { method: 'POST' }));
      simulator.misbehave({ kind: 'hang' });
      await assert.rejects(
        fetch(`${endpoint}?${new URLSearchParams(base)}`, { method: 'POST', signal: AbortSignal.timeout(200) }),
        /TimeoutError|aborted/,
      );
      simulator.misbehave({ kind: 'html' });
      const html = await fetch(`${endpoint}?${new URLSearchParams(base)}`, { method: 'POST' });
      assert.match(await html.text(), /<h1>/);
      simulator.misbehave(undefined);
      const ok = await fetch(`${endpoint}?${new URLSearchParams(base)}`, { method: 'POST' });
      assert.equal(((await ok.json()) as { status: string }).status, 'success');
      assert.equal(simulator.requests, 4);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('reports each call after its delay, in each form the panels send, with the code for the visitor’s leg', async () => {
    const received: { contentType: string; body: string }[] = [];
    const { server, url } = await listen(
      createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push({ contentType: request.headers['content-type'] ?? '', body });
          response.end('GODBLESSYOU');
        });
      }),
      0,
      '127.0.0.1',
    );
    try {
      const cases = [
        { settings: { format: 'json' as const }, visitor: '9876543212', expected: 17 },
        { settings: { format: 'array' as const, callFirst: 'destination' as const }, visitor: '9876543211', expected: 8 },
        { settings: { format: 'form' as const, placeholders: true }, visitor: '9876543213', expected: 6 },
      ];
      for (const { settings, visitor, expected } of cases) {
        const simulator = new ProviderSimulator(account);
        simulator.pushReports = { url: `${url}/push-report/secret`, delayMs: 10, ...settings };
        const from = settings.callFirst === 'destination' ? '9123456780' : visitor;
        const to = settings.callFirst === 'destination' ? visitor : '9123456780';
        const accepted = await ask(simulator, { ...base, from, to });
        const before = received.length;
        const deadline = Date.now() + 2000;
        // Until the receiver has the report and the simulator has its answer.
        while ((received.length === before || simulator.reports.length === 0) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const sent = received.at(-1)!;
        const reading = readPushReports(sent.body);
        assert.ok(reading.ok);
        assert.deepEqual(
          reading.reports.map((report) => [report.callId, report.callStatus]),
          [[accepted.callid, expected]],
        );
        if (settings.format === 'form') {
          assert.equal(sent.contentType, 'application/x-www-form-urlencoded');
          assert.match(decodeURIComponent(sent.body), /\{\{%%recordings%%\}\}/);
        }
        if (settings.format === 'array') assert.ok(sent.body.startsWith('['));
        assert.deepEqual(
          simulator.reports.map((report) => report.answer),
          [200],
        );
      }
      // Digit 5: never reported.
      const silent = new ProviderSimulator(account);
      silent.pushReports = { url: `${url}/push-report/secret`, delayMs: 10 };
      const before = received.length;
      await ask(silent, { ...base, from: '9876543215' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(received.length, before);
    } finally {
      server.close();
    }
  });
});
