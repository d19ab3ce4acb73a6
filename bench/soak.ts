// A soak under faults: two instances of the command-line proxy on one real Redis, for several
// minutes, under mixed traffic (valid calls, retries with the same key, double clicks, invalid
// input, a client over its limit, numbers over theirs, cross-origin attempts, slow clients),
// while Redis is restarted twice and the provider stand-in turns through normal answers,
// timeouts, resets, 500s, HTML and redirects. It checks, and exits non-zero unless all hold:
//   - no Idempotency-Key placed more than one call, and no number got more than its limit;
//   - every answer is a documented status and code, and no 5xx but 502, 503 and 504;
//   - while Redis is down the instances fail closed (503, no call placed), and each recovers
//     within 5 s of Redis being back;
//   - each instance's memory at the end is within 20% of its value after the warm-up (its heap
//     after a collection, the median of 30 s at each end; the resident size is reported too);
//   - no line either instance printed holds the token.
// Run: npm run bench:soak   (SOAK_SECONDS, default 330; it builds the proxy first)
//
// Redis keeps an append-only file, as a production Redis would: one that keeps nothing across a
// restart forgets every limit's window with it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { clientErrorCodes, phoneErrorCodes, protectionErrorCodes, requestErrorCodes, upstreamErrorCodes } from '../src/core/codes.js';
import { statusOf } from '../src/proxy/http/answers.js';
import type { Misbehaviour } from '../src/simulator/index.js';
import { ProviderSimulator, serveSimulator } from '../src/simulator/index.js';
import { freePort, startNodeScript } from '../scripts/processes.js';
import { TestRedis } from '../scripts/redis-server.js';
import { median } from './measure.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 330);
const warmUpSeconds = 60;
if (!(seconds >= 2 * warmUpSeconds))
  throw new Error(`SOAK_SECONDS must be at least ${2 * warmUpSeconds}: the first minute is the warm-up, and memory is compared with it`);
const workers = 8;
const perNumberLimit = 3;
// The simulator's account, made afresh for each run: no credential is written in the repository.
const account = { userId: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)), token: crypto.randomUUID() };

// ---- the provider stand-in, and a trap for redirects
const simulator = new ProviderSimulator(account);
const provider = await serveSimulator(simulator);
let trapHits = 0;
const trap = createServer((_request, response) => {
  trapHits += 1;
  response.end('{"status":"success","callid":"trap","code":"200"}');
});
await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/elsewhere`;

const phases: [Misbehaviour | undefined, number][] = [
  [undefined, 20],
  [{ kind: 'hang' }, 10],
  [undefined, 20],
  [{ kind: 'drop' }, 10],
  [undefined, 20],
  [{ kind: 'http-500' }, 10],
  [undefined, 20],
  [{ kind: 'html' }, 10],
  [undefined, 20],
  [{ kind: 'redirect', status: 302, location: trapUrl }, 10],
];
const cycle = phases.reduce((sum, [, length]) => sum + length, 0);
function misbehaviourAt(second: number): Misbehaviour | undefined {
  let at = second % cycle;
  for (const [misbehaviour, length] of phases) {
    if (at < length) return misbehaviour;
    at -= length;
  }
  return undefined;
}

// ---- Redis and the two instances
const redisFolder = mkdtempSync(join(tmpdir(), 'ctc-soak-redis-'));
const redis = new TestRedis(await freePort(), [], redisFolder);
await redis.start();
const instances: { name: string; child: ChildProcess; port: number; output: () => string; rss: number[] }[] = [];
for (const name of ['A', 'B']) {
  const port = await freePort();
  const started = await startNodeScript('dist/proxy/runtime/cli.js', {
    env: {
      ...{ SARV_USER_ID: account.userId, SARV_TOKEN: account.token, SARV_API_URL: provider.endpoint, CTC_DESTINATION: '9000000000' },
      ...{ REDIS_URL: redis.url, CTC_TRUST_PROXY: 'on', CTC_LIMIT_GLOBAL: '100000/1m', PORT: String(port) },
      ...{ CTC_HEADERS_TIMEOUT: '2s', CTC_REQUEST_TIMEOUT: '3s' },
    },
    ready: /listening on/,
    nodeFlags: ['--expose-gc', '--import', './bench/heap-probe.mjs'],
  });
  instances.push({ name, child: started.child, port, output: started.output, rss: [] });
}

function rssMegabytes(pid: number | undefined): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

// ---- what happened
const documented = new Set<string>([
  ...phoneErrorCodes,
  ...requestErrorCodes,
  ...upstreamErrorCodes,
  ...protectionErrorCodes,
  ...clientErrorCodes,
]);
const answers = new Map<string, number>();
const faults: string[] = [];
/** Keys whose number no other key uses: the calls to that number are the key's calls. */
const soleKeyOf = new Map<string, string>();
let callsWhileDown = 0;
/** While recovery is timed, the provider answers normally: a probe measures the store, not a hung provider. */
let probing = false;
const recoveries: number[] = [];

function record(status: number, body: Record<string, unknown>): void {
  const code = status < 300 ? 'success' : String(body.code);
  answers.set(`${status} ${code}`, (answers.get(`${status} ${code}`) ?? 0) + 1);
  if (status >= 500 && ![502, 503, 504].includes(status)) faults.push(`an undocumented ${status} (${code})`);
  if (status >= 400 && !(documented.has(code) ? statusOf(code) === status : /^\d{4}$/.test(code) && status === 400)) {
    faults.push(`an undocumented answer: ${status} ${code}`);
  }
  if (status === 200 && typeof body.callId !== 'string') faults.push('a 200 without a call id');
}

let sequence = 0;
const fresh = () => ++sequence;
const numberOf = (n: number) => String(9_100_000_000 + n);
const addressOf = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const instance = () => instances[Math.floor(Math.random() * instances.length)]!;

async function post(
  body: string,
  headers: Record<string, string>,
  to = instance(),
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const response = await fetch(`http://127.0.0.1:${to.port}/call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      faults.push(`a non-JSON answer: ${response.status}`);
    }
    record(response.status, parsed);
    return { status: response.status, body: parsed };
  } catch (error) {
    faults.push(`no answer: ${(error as Error).name}`);
    return { status: 0, body: {} };
  }
}

const call = (phone: string, key: string, client: string, to?: (typeof instances)[number]) =>
  post(JSON.stringify({ phone }), { 'Idempotency-Key': key, 'X-Forwarded-For': client }, to);

/** One visitor's behaviour, chosen at random by weight. */
const scenarios: [number, () => Promise<unknown>][] = [
  [
    40,
    () => {
      const n = fresh();
      soleKeyOf.set(`valid-${n}`, numberOf(n));
      return call(numberOf(n), `valid-${n}`, addressOf(n));
    },
  ],
  [
    15,
    async () => {
      const n = fresh();
      soleKeyOf.set(`retry-${n}`, numberOf(n));
      await call(numberOf(n), `retry-${n}`, addressOf(n));
      await Promise.all([call(numberOf(n), `retry-${n}`, addressOf(n)), call(numberOf(n), `retry-${n}`, addressOf(n))]);
    },
  ],
  [
    10,
    () => {
      const n = fresh();
      return Promise.all([
        call(numberOf(n), `click-${n}-1`, addressOf(n), instances[0]),
        call(numberOf(n), `click-${n}-2`, addressOf(n), instances[1]),
      ]);
    },
  ],
  [
    10,
    () => {
      const invalid: [string, Record<string, string>][] = [
        ['{"phone":', {}],
        ['{"phone":"12345"}', {}],
        [JSON.stringify({ phone: numberOf(fresh()), to: '9999999999' }), {}],
        [JSON.stringify({ phone: numberOf(fresh()), padding: 'x'.repeat(5000) }), {}],
        ['phone=9876543210', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ];
      const [body, headers] = invalid[fresh() % invalid.length]!;
      return post(body, { 'X-Forwarded-For': addressOf(fresh()), ...headers });
    },
  ],
  [8, () => call(numberOf(fresh()), `abuser-${fresh()}`, '203.0.113.250')],
  [7, () => call(numberOf(1_000_000 + (fresh() % 3)), `repeat-${fresh()}`, addressOf(fresh()))],
  [5, () => post(JSON.stringify({ phone: numberOf(fresh()) }), { Origin: 'https://evil.example', 'X-Forwarded-For': addressOf(fresh()) })],
  [5, () => slowClient(instance().port)],
];
const totalWeight = scenarios.reduce((sum, [weight]) => sum + weight, 0);

/** Sends a body a byte at a time, as a slowloris client would, until the proxy cuts it. */
function slowClient(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let drip: ReturnType<typeof setInterval> | undefined;
    socket.on('connect', () => {
      socket.write('POST /call HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{');
      drip = setInterval(() => socket.write(' '), 250);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      if (Date.now() - started > 6000) faults.push(`a slow client held a connection for ${Date.now() - started} ms`);
      resolve();
    });
  });
}

function pickScenario(): () => Promise<unknown> {
  let pick = Math.random() * totalWeight;
  for (const [weight, scenario] of scenarios) {
    pick -= weight;
    if (pick < 0) return scenario;
  }
  return scenarios.at(-1)![1];
}

async function visitor(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    await pickScenario()();
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}

/** Stops Redis for 5 s, in which no call may be placed; then times how long each instance takes to place one again. */
async function restartRedis(): Promise<void> {
  await redis.stop();
  // A request already past the store when Redis stopped reaches the provider a moment later.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const callsBefore = simulator.calls.length;
  await new Promise((resolve) => setTimeout(resolve, 4000));
  callsWhileDown += simulator.calls.length - callsBefore;
  probing = true;
  simulator.misbehave(undefined);
  await redis.start();
  const back = Date.now();
  await Promise.all(
    instances.map(async (one) => {
      for (;;) {
        const n = fresh();
        const probe = await call(numberOf(n), `probe-${n}`, addressOf(n), one);
        soleKeyOf.set(`probe-${n}`, numberOf(n));
        if (probe.status !== 503) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      recoveries.push(Date.now() - back);
    }),
  );
  probing = false;
}

// ---- the run
const startedAt = Date.now();
const end = startedAt + seconds * 1000;
const steer = setInterval(() => {
  if (!probing) simulator.misbehave(misbehaviourAt(Math.floor((Date.now() - startedAt) / 1000)));
}, 250);
setTimeout(() => {
  for (const one of instances) one.rss.push(rssMegabytes(one.child.pid));
}, warmUpSeconds * 1000);
const restarts = [0.4, 0.75].map(
  (share) => new Promise<void>((resolve) => setTimeout(() => void restartRedis().then(resolve), share * seconds * 1000)),
);
await Promise.all([...Array.from({ length: workers }, () => visitor(end)), ...restarts]);
clearInterval(steer);
simulator.misbehave(undefined);
for (const one of instances) one.rss.push(rssMegabytes(one.child.pid));

// ---- the verdicts
const callsPerNumber = new Map<string, number>();
for (const placed of simulator.calls) callsPerNumber.set(placed.from, (callsPerNumber.get(placed.from) ?? 0) + 1);
const keysOverOne = [...soleKeyOf].filter(([, phone]) => (callsPerNumber.get(phone) ?? 0) > 1).map(([key]) => key);
const numbersOverLimit = [...callsPerNumber].filter(([, calls]) => calls > perNumberLimit);
const printed = instances.map((one) => one.output().replace(/\{"soakHeapBytes":\d+\}\n/g, '')).join('\n');
const tokenLines = printed.split('\n').filter((line) => line.includes(account.token) || line.includes(encodeURIComponent(account.token)));
/** The heap after a collection, in MB, as the probe printed it every 5 s, by when it was printed. */
const memory = instances.map((one) => {
  const heap = [...one.output().matchAll(/\{"soakHeapBytes":(\d+)\}/g)].map(([, bytes]) => Number(bytes) / 1024 / 1024);
  const warm = median(heap.slice(warmUpSeconds / 5, warmUpSeconds / 5 + 6));
  const end = median(heap.slice(-6));
  return { name: one.name, warm, end, change: end / warm - 1, rss: `${one.rss[0]!.toFixed(0)} → ${one.rss[1]!.toFixed(0)} MB resident` };
});
const requests = [...answers.values()].reduce((sum, count) => sum + count, 0);
const checks: [string, boolean, string][] = [
  [
    'no key placed more than one call',
    keysOverOne.length === 0,
    `${soleKeyOf.size} keys checked${keysOverOne.length ? `; over: ${keysOverOne.join(', ')}` : ''}`,
  ],
  [
    'no number got more calls than its limit',
    numbersOverLimit.length === 0,
    `${callsPerNumber.size} numbers called, most calls to one: ${Math.max(0, ...callsPerNumber.values())} (limit ${perNumberLimit})`,
  ],
  [
    'only documented answers; no 5xx but 502, 503, 504',
    faults.length === 0,
    faults.length ? [...new Set(faults)].slice(0, 5).join('; ') : `${requests} answers`,
  ],
  ['fail closed while Redis is down', callsWhileDown === 0, `${callsWhileDown} calls placed in 2 × 4 s without Redis`],
  [
    'recover within 5 s of Redis being back',
    recoveries.every((ms) => ms <= 5000),
    `${recoveries.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`,
  ],
  [
    'memory within 20% of its warm value',
    memory.every((one) => Math.abs(one.change) <= 0.2),
    memory.map((one) => `${one.name}: heap ${one.warm.toFixed(1)} → ${one.end.toFixed(1)} MB (${one.rss})`).join('; '),
  ],
  ['no printed line holds the token', tokenLines.length === 0, `${printed.split('\n').length} lines searched`],
  ['no redirect followed', trapHits === 0, `${trapHits} requests reached the redirect's target`],
];

for (const one of instances) one.child.kill('SIGKILL');
await redis.stop();
rmSync(redisFolder, { recursive: true, force: true });
provider.server.closeAllConnections();
provider.server.close();
trap.close();

console.log(`soak: ${seconds} s, ${workers} visitors, ${requests} answers, ${simulator.calls.length} calls placed, 2 Redis restarts`);
console.log('| check | holds | figures |');
console.log('|---|---|---|');
for (const [name, holds, figures] of checks) console.log(`| ${name} | ${holds ? 'yes' : 'NO'} | ${figures} |`);
console.log('\n| answer | count |\n|---|---|');
for (const [answer, count] of [...answers].sort(([a], [b]) => (a < b ? -1 : 1))) console.log(`| ${answer} | ${count} |`);
process.exitCode = checks.every(([, holds]) => holds) ? 0 : 1;
