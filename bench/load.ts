// Throughput and latency of the command-line proxy with every check on, beside a bare forwarder
// that does none, in one run on loopback against the provider simulator. A measurement, not a
// target: at the default account budget (60 calls a minute) the proxy's cost is far below what
// this load shows.
// Run: npm run bench:load   (about 4 min; BENCH_SECONDS, BENCH_ROUNDS and BENCH_CONNECTIONS change it)
//
// It runs the proxy as users do, the built dist/proxy/runtime/cli.js (the script compiles it
// first), and the forwarder as plain JavaScript: neither pays for a TypeScript loader. Both call
// the provider with the platform's fetch. The machines here are shared and noisy: the servers take
// turns, and each figure is the median of its rounds. Where `taskset` exists (Linux) and there are
// two cores or more, the server under test runs alone on CPU 0 and the simulator and the load
// generator share CPU 1, so that the figures say more about the server than about the scheduler.
//
// Every request carries a new visitor number, a new Idempotency-Key and a new client address (in
// X-Forwarded-For, which the proxy reads as it would behind a reverse proxy), so each one runs the
// whole path as many visitors would. The per-number and per-client limits keep their defaults;
// only the account's global budget is raised, so that the load measures the checks rather than
// being refused by them.
import autocannon from 'autocannon';
import { freePort } from '../scripts/processes.js';
import { cpuMicros, pinned, runOnLoadCore, startServer } from './measure.js';
import { redisServerPath, TestRedis } from '../scripts/redis-server.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
/** Long enough for the JIT to settle: the proxy has more code to optimise, and a 3 s warm-up left it at a third of its speed. */
const warmUpSeconds = 20;

runOnLoadCore();
const start = startServer;

let sequence = 0;
/** A new valid Indian mobile number, key and client address for every request. */
function setupRequest(request: { body?: string; headers?: Record<string, string> }) {
  sequence += 1;
  request.body = JSON.stringify({ phone: String(9_100_000_000 + sequence) });
  request.headers = {
    'content-type': 'application/json',
    'idempotency-key': `bench-${process.pid}-${sequence}`,
    'x-forwarded-for': `10.${(sequence >>> 16) & 255}.${(sequence >>> 8) & 255}.${sequence & 255}`,
  };
  return request;
}

interface Figures {
  requestsPerSecond: number;
  /** The server's own CPU time per answered request (Linux), steadier than throughput on a shared machine. */
  cpuMicrosPerRequest: number | undefined;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, duration: number, pid?: number): Promise<Figures> {
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({
    url: `${url}/call`,
    method: 'POST',
    connections,
    duration,
    requests: [{ method: 'POST', setupRequest: setupRequest as never }],
  });
  const cpuAfter = cpuMicros(pid);
  return {
    requestsPerSecond: result.requests.average,
    cpuMicrosPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / result.requests.total : undefined,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const simulatorPort = await freePort();
const proxyPort = await freePort();
const forwarderPort = await freePort();
// Made afresh for each run, and given to the simulator too: no token is written in the repository.
const account = { SARV_USER_ID: '100000', SARV_TOKEN: `bench-${crypto.randomUUID()}`, CTC_DESTINATION: '9000000000' };
const endpoint = `http://127.0.0.1:${simulatorPort}/v2/clickToCall/para`;
/** The client's address from X-Forwarded-For; the global budget raised so that it counts each request without refusing it. */
const loadSettings = { CTC_TRUST_PROXY: 'on', CTC_LIMIT_GLOBAL: '1000000/1m' };
const proxyEnv = (port: number, extra: Record<string, string> = {}) => ({
  ...account,
  ...loadSettings,
  SARV_API_URL: endpoint,
  PORT: String(port),
  ...extra,
});

const simulator = await start('src/simulator/cli.ts', { ...account, SIMULATOR_PORT: String(simulatorPort) }, /Provider simulator/, 1);
const proxy = await start('dist/proxy/runtime/cli.js', proxyEnv(proxyPort), /listening on/, 0);
const forwarder = await start(
  'bench/forwarder.mjs',
  { ...account, SARV_API_URL: endpoint, PORT: String(forwarderPort) },
  /listening on/,
  0,
);
const children = [simulator, proxy, forwarder];

// The proxy again with its limits and idempotency records in Redis, as several instances run it,
// where redis-server exists. Redis shares CPU 1 with the simulator and the load generator.
let redis: TestRedis | undefined;
let redisProxy: { pid: number | undefined; port: number } | undefined;
try {
  redisServerPath();
  redis = new TestRedis(await freePort(), pinned ? ['taskset', '-c', '1'] : []);
  await redis.start();
  const port = await freePort();
  const child = await start('dist/proxy/runtime/cli.js', proxyEnv(port, { REDIS_URL: redis.url }), /listening on/, 0);
  children.push(child);
  redisProxy = { pid: child.pid, port };
} catch (error) {
  console.log(`no Redis row: ${(error as Error).message}`);
}

try {
  const targets: Record<string, { url: string; pid: number | undefined }> = {
    forwarder: { url: `http://127.0.0.1:${forwarderPort}`, pid: forwarder.pid },
    proxy: { url: `http://127.0.0.1:${proxyPort}`, pid: proxy.pid },
  };
  if (redisProxy) targets['proxy, Redis store'] = { url: `http://127.0.0.1:${redisProxy.port}`, pid: redisProxy.pid };
  for (const { url } of Object.values(targets)) await load(url, warmUpSeconds);
  const runs: Record<string, Figures[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, { url, pid }] of Object.entries(targets)) runs[name]!.push(await load(url, seconds, pid));
  }
  /** The middle item when sorted by `value`. */
  const median = <T>(items: T[], value: (item: T) => number) =>
    [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)]!;
  const middle = (values: number[]) => median(values, (value) => value);
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, figures]) => [name, median(figures, (one) => one.requestsPerSecond)]),
  );
  // Each proxy round against the forwarder round run just before it: a slow spell of the machine
  // then weighs on both sides of one ratio, where a ratio of medians can pair a fast round with a
  // slow one.
  const pairedRatios = (name: string) => runs[name]!.map((one, round) => one.requestsPerSecond / runs.forwarder![round]!.requestsPerSecond);
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const ratio = middle(pairedRatios('proxy'));
  for (const [name, figures] of Object.entries(runs)) {
    console.log(`${name} rounds: ${figures.map((one) => one.requestsPerSecond.toFixed(0)).join(', ')} requests/s`);
  }
  console.log(
    `${connections} connections, ${warmUpSeconds} s warm-up each, then ${rounds} alternating rounds of ${seconds} s; median round`,
  );
  console.log(
    pinned
      ? 'pinned: server under test on CPU 0, simulator and load generator on CPU 1'
      : 'not pinned (no taskset or one core): figures include contention',
  );
  const cpu = (figures: Figures) => (figures.cpuMicrosPerRequest === undefined ? 'n/a' : `${figures.cpuMicrosPerRequest.toFixed(0)} µs`);
  console.log('| server | requests/s | p50 latency | p99 latency | CPU per request | non-2xx |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, figures] of Object.entries(summary)) {
    console.log(
      `| ${name} | ${figures.requestsPerSecond.toFixed(0)} | ${figures.p50.toFixed(1)} ms | ${figures.p99.toFixed(1)} ms | ${cpu(figures)} | ${figures.non2xx + figures.errors} |`,
    );
  }
  for (const name of Object.keys(runs).filter((one) => one !== 'forwarder')) {
    const ratios = pairedRatios(name);
    const cpuRatio = middle(runs[name]!.map((one, round) => runs.forwarder![round]!.cpuMicrosPerRequest! / one.cpuMicrosPerRequest!));
    console.log(
      `${name} / forwarder throughput: ${percent(middle(ratios))} (median of the rounds' ratios, ${ratios.map(percent).join(', ')})` +
        (Number.isFinite(cpuRatio) ? `; by CPU per request ${percent(cpuRatio)}` : ''),
    );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/load.json',
    JSON.stringify({ date: new Date().toISOString(), pinned, connections, seconds, rounds, runs, summary, ratio }, null, 2),
  );
} finally {
  for (const child of children) child.kill('SIGKILL');
  await redis?.stop();
}
