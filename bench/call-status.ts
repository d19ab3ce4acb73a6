// What following a call costs, on two command-line proxies sharing one real Redis: the time from
// a push report's arrival at instance A to the final event at an event-stream reader on instance
// B (p50, p99 over BENCH_CALLS calls, default 300), and the memory of 1,000 open status streams
// on one instance (the growth of its resident set with them open). Goals: p99 under 1 s; under 64 MB.
// Run: npm run bench:call-status
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { startNodeScript } from '../scripts/processes.js';
import { freePort, TestRedis } from '../scripts/redis-server.js';
import { ProviderSimulator, serveSimulator } from '../src/simulator/index.js';

const calls = Number(process.env.BENCH_CALLS ?? 300);
const streams = 1000;
const pushReportSecret = `bench-${crypto.randomUUID()}`;
// The simulator's account, made afresh for each run: no credential is written in the repository.
const account = { userId: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)), token: crypto.randomUUID() };
const provider = await serveSimulator(new ProviderSimulator(account));
const redis = new TestRedis(await freePort());
await redis.start();

async function instance(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const started = await startNodeScript('dist/proxy/runtime/cli.js', {
    env: {
      ...{ SARV_USER_ID: account.userId, SARV_TOKEN: account.token, SARV_API_URL: provider.endpoint, CTC_DESTINATION: '9000000000' },
      ...{ REDIS_URL: redis.url, CTC_PUSH_REPORT_SECRET: pushReportSecret, PORT: String(port) },
      // Room for the calls and the streams this bench opens, which are not what it measures.
      ...{ CTC_LIMIT_GLOBAL: '100000/1m', CTC_LIMIT_PER_CLIENT: '100000/1h', CTC_MAX_CONNECTIONS: '4096' },
    },
    ready: /listening on/,
    captureStderr: false,
  });
  return { child: started.child, url: `http://127.0.0.1:${port}` };
}

let sequence = 0;
async function placeCall(base: string): Promise<{ callId: string; statusUrl: string }> {
  const response = await fetch(`${base}/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: String(9_100_000_000 + ++sequence) }),
  });
  const body = (await response.json()) as { callId: string; statusUrl: string };
  if (!body.statusUrl) throw new Error(`no statusUrl in ${JSON.stringify(body)}`);
  return body;
}

/** Opens an event stream and resolves once it is open; `events` collects what arrives. */
function openStream(url: string): Promise<{ response: IncomingMessage; text: () => string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { Accept: 'text/event-stream' }, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      resolve({ response, text: () => text });
    }).on('error', reject);
  });
}

const rssMegabytes = (pid: number | undefined) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const percentile = (values: number[], share: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))]!;

const a = await instance();
const b = await instance();
try {
  // ---- a report at A, heard by a reader at B
  const delays: number[] = [];
  for (let index = 0; index < calls; index++) {
    const { callId, statusUrl } = await placeCall(a.url);
    const stream = await openStream(new URL(statusUrl, b.url).href);
    // The first event (calling) says the reader is in place.
    while (!stream.text().includes('"calling"')) await new Promise((resolve) => setTimeout(resolve, 1));
    const ended = new Promise<void>((resolve) => stream.response.on('end', () => resolve()));
    const sent = performance.now();
    await fetch(`${a.url}/push-report/${pushReportSecret}`, { method: 'POST', body: JSON.stringify({ callId, callStatus: 3 }) });
    await ended;
    delays.push(performance.now() - sent);
    if (!stream.text().includes('"completed"')) throw new Error(`call ${callId}: the stream at B ended without the final state`);
  }

  // ---- many open streams on one instance
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = rssMegabytes(b.child.pid);
  const open: IncomingMessage[] = [];
  for (let index = 0; index < streams; index++) {
    const { statusUrl } = await placeCall(a.url);
    open.push((await openStream(new URL(statusUrl, b.url).href)).response);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const withStreams = rssMegabytes(b.child.pid);
  for (const response of open) response.destroy();

  console.log(`${calls} calls; two command-line proxies on one Redis (${redis.url.replace(/\/\/.*@/, '//')}), pub/sub between them`);
  console.log('| figure | value | goal |');
  console.log('|---|---|---|');
  console.log(`| report at A to the final event at B, p50 | ${percentile(delays, 0.5).toFixed(1)} ms | |`);
  console.log(`| report at A to the final event at B, p99 | ${percentile(delays, 0.99).toFixed(1)} ms | under 1000 ms |`);
  console.log(`| B's resident memory, before / with ${streams} open streams | ${before.toFixed(1)} / ${withStreams.toFixed(1)} MB | |`);
  console.log(`| what ${streams} open streams take (the growth) | ${(withStreams - before).toFixed(1)} MB | under 64 MB |`);
  console.log(`| per open stream | ${(((withStreams - before) * 1024) / streams).toFixed(1)} KB | |`);
} finally {
  a.child.kill('SIGKILL');
  b.child.kill('SIGKILL');
  provider.server.close();
  await redis.stop();
}
