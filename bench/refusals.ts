// What refusing costs: refusals are most of what a public proxy sees under abuse. The command-line
// proxy (the built dist/proxy/runtime/cli.js, in simulator mode, logging every request) beside a
// bare Node server that answers every POST with a 403 JSON body (bench/refusals/bare.mjs), on
// the same core, taking turns; per case, the ratio of their requests per CPU second, the median
// of the rounds' ratios. Throughput alone would say more about the load generator than about the
// servers on this machine. Goal: at least 0.5 in every case. Where the proxy's answer depends on
// the body's checks, a third server doing only those checks (bench/refusals/checks-alone.ts) says
// the most that any proxy giving the same answers could reach.
// Run: npm run bench:refusals   (BENCH_SECONDS per round, default 5; BENCH_ROUNDS, default 5;
// BARE_WORK_US keeps the bare server busy that long per answer, see docs/benchmarks.md)
import autocannon from 'autocannon';
import { freePort } from '../scripts/processes.js';
import { cpuMicros, median, pinned, runOnLoadCore, startServer } from './measure.js';

runOnLoadCore();

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

let sequence = 0;
/** A new valid Indian mobile number every time. */
const freshNumber = () => String(9_100_000_000 + ++sequence);

/** Each case: the request a flood would send, and the code the proxy must refuse it with. */
const cases: {
  name: string;
  code: string;
  /** Whether the answer depends on the body's checks (an origin is refused before the body is read). */
  afterChecks: boolean;
  request: () => { headers: Record<string, string>; body: string };
}[] = [
  {
    name: 'a disallowed origin',
    code: 'origin-not-allowed',
    afterChecks: false,
    request: () => ({ headers: { Origin: 'https://evil.example' }, body: JSON.stringify({ phone: freshNumber() }) }),
  },
  {
    name: 'an invalid JSON body',
    code: 'invalid-json',
    afterChecks: true,
    request: () => ({ headers: {}, body: '{"phone":"98765' }),
  },
  {
    name: 'an invalid number',
    code: 'invalid-number',
    afterChecks: true,
    request: () => ({ headers: {}, body: '{"phone":"1234567890"}' }),
  },
  // Every request from this one client address, a new number each time: past its 10 calls an hour.
  {
    name: 'a client past its limit',
    code: 'rate-limited-client',
    afterChecks: true,
    request: () => ({ headers: {}, body: JSON.stringify({ phone: freshNumber() }) }),
  },
];

async function perCpuSecond(port: number, pid: number | undefined, request: () => { headers: Record<string, string>; body: string }) {
  const before = cpuMicros(pid);
  const codes = new Map<string, number>();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/call`,
    connections: 20,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: ((prepared: { headers?: Record<string, string>; body?: string }) => {
          const { headers, body } = request();
          prepared.headers = { 'content-type': 'application/json', ...headers };
          prepared.body = body;
          return prepared;
        }) as never,
        onResponse: ((_status: number, body: string) => {
          const code = /"code":"([^"]+)"/.exec(body)?.[1] ?? 'none';
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }) as never,
      },
    ],
  });
  const cpuSeconds = ((cpuMicros(pid) ?? Number.NaN) - (before ?? Number.NaN)) / 1e6;
  return { rate: result.requests.total / cpuSeconds, requests: result.requests.total, codes };
}

/** The code most answers had. */
const mostly = (codes: Map<string, number>) => [...codes].sort((a, b) => b[1] - a[1])[0]?.[0];

const barePort = await freePort();
const checksPort = await freePort();
const proxyPort = await freePort();
const barePlan = { PORT: String(barePort), BARE_WORK_US: process.env.BARE_WORK_US ?? '0' };
const bare = await startServer('bench/refusals/bare.mjs', barePlan, /listening/, 0);
const checks = await startServer('bench/refusals/checks-alone.ts', { PORT: String(checksPort) }, /listening/, 0);
const proxy = await startServer('dist/proxy/runtime/cli.js', { PORT: String(proxyPort) }, /listening on/, 0);

try {
  const rows: string[] = [];
  for (const { name, code, afterChecks, request } of cases) {
    // A warm-up round each, so that the JIT and the limit's window are where a flood finds them.
    await perCpuSecond(barePort, bare.pid, request);
    const refusesAsItMust = async (server: string, port: number, pid: number | undefined) => {
      const answered = mostly((await perCpuSecond(port, pid, request)).codes);
      if (answered !== code) throw new Error(`${name}: ${server} answered ${answered}, not ${code}`);
    };
    await refusesAsItMust('the proxy', proxyPort, proxy.pid);
    if (afterChecks) await refusesAsItMust('the checks alone', checksPort, checks.pid);
    const ratios: number[] = [];
    const checksRatios: number[] = [];
    const rates: { bare: number[]; proxy: number[] } = { bare: [], proxy: [] };
    for (let round = 0; round < rounds; round++) {
      const baseline = await perCpuSecond(barePort, bare.pid, request);
      if (afterChecks) checksRatios.push((await perCpuSecond(checksPort, checks.pid, request)).rate / baseline.rate);
      const measured = await perCpuSecond(proxyPort, proxy.pid, request);
      rates.bare.push(baseline.rate);
      rates.proxy.push(measured.rate);
      ratios.push(measured.rate / baseline.rate);
    }
    const ceiling = afterChecks ? median(checksRatios).toFixed(2) : 'not needed';
    rows.push(
      `| ${name} (${code}) | ${median(rates.bare).toFixed(0)} | ${median(rates.proxy).toFixed(0)} | ${median(ratios).toFixed(2)} | ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')} | ${ceiling} |`,
    );
  }
  console.log(
    `${rounds} alternating rounds of ${seconds} s per case, 20 connections; ${pinned ? 'both servers on CPU 0, the load on CPU 1' : 'not pinned: figures include contention'}`,
  );
  console.log(
    '| refused | bare, requests per CPU second | proxy, requests per CPU second | ratio (median) | rounds | the checks alone, ratio (median) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  for (const server of [bare, checks, proxy]) server.kill('SIGKILL');
}
