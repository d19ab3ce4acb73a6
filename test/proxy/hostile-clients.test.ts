import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startNodeScript } from '../../scripts/processes.js';
import type { StartedScript } from '../../scripts/processes.js';

/*
 * Clients that hold the command-line proxy's connections: slow headers, a trickling body, idle
 * keep-alive connections, too many connections at once. Each is cut within its bound, and every
 * request cut writes one log line.
 */
let cli: StartedScript;
let port = 0;

/** A raw connection, what it was sent back, and when it was closed. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  return { socket, received: () => received, closed };
}

/** The JSON log lines printed since `from` characters of output. */
const logLines = (from: number) =>
  cli
    .output()
    .slice(from)
    .split('\n')
    .filter((line) => line.startsWith('{"time"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waited in vain');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const post = (body: string) =>
  fetch(`http://127.0.0.1:${port}/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('the command-line proxy against clients that hold on', () => {
  before(async () => {
    cli = await startNodeScript('src/proxy/runtime/cli.ts', {
      env: {
        PORT: '0',
        CTC_HEADERS_TIMEOUT: '1s',
        CTC_REQUEST_TIMEOUT: '2s',
        CTC_KEEP_ALIVE_TIMEOUT: '1s',
        CTC_MAX_CONNECTIONS: '4',
        // The simulator's push reports are connections too: none may arrive while the bound is counted.
        CTC_SIMULATOR_REPORT_DELAY: '1h',
      },
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    });
    port = Number(cli.match);
  });
  after(() => cli.child.kill('SIGKILL'));

  it('answers headers that never finish with 408 within the headers timeout, and logs it', async () => {
    const from = cli.output().length;
    const client = await open();
    client.socket.write('POST /call HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl');
    const closedAfter = await client.closed;
    assert.ok(closedAfter < 2500, `closed after ${closedAfter} ms`);
    assert.match(client.received(), /^HTTP\/1\.1 408 /);
    assert.match(client.received(), /"code":"request-timeout"/);
    const line = await waitFor(() => logLines(from).find((entry) => entry.code === 'request-timeout'));
    assert.equal(line.status, 408);
  });

  it('cuts a body trickling in within the request timeout, places no call, logs one line and goes on serving', async () => {
    const from = cli.output().length;
    const client = await open();
    client.socket.write('POST /call HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{');
    const drip = setInterval(() => client.socket.write(' '), 200);
    const closedAfter = await client.closed;
    clearInterval(drip);
    assert.ok(closedAfter < 4000, `closed after ${closedAfter} ms, not after Node's 300 s`);
    const lines = await waitFor(() => {
      const found = logLines(from).filter((entry) => entry.path === '/call');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      lines.map((entry) => [entry.status, entry.code]),
      [[408, 'request-timeout']],
    );
    assert.equal((await post('{"phone":"9876543210"}')).status, 200);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await open();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await waitFor(() => (client.received().includes('"status":"ok"') ? true : undefined));
    const closedAfter = await client.closed;
    assert.ok(closedAfter < 3000, `closed after ${closedAfter} ms`);
  });

  it('holds at most the configured number of connections, closes the rest at once, and says so', async () => {
    const from = cli.output().length;
    const held = await Promise.all(Array.from({ length: 4 }, open));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await open();
    const closedAfter = await extra.closed;
    assert.ok(closedAfter < 500, `the connection over the bound was closed after ${closedAfter} ms`);
    const line = await waitFor(() => logLines(from).find((entry) => entry.connections === 'dropped'), 3000);
    assert.deepEqual([line.count, line.maxConnections], [1, 4]);
    for (const client of held) client.socket.destroy();
    await Promise.all(held.map((client) => client.closed));
    // Once the server has seen them close, it takes connections again.
    const health = await waitFor(async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return answer?.status;
    });
    assert.equal(health, 200);
  });

  it('refuses to start with a request timeout no longer than the headers timeout', async () => {
    await assert.rejects(
      startNodeScript('src/proxy/runtime/cli.ts', {
        env: { PORT: '0', CTC_HEADERS_TIMEOUT: '5s', CTC_REQUEST_TIMEOUT: '5s' },
        ready: /listening on/,
        timeoutMs: 5000,
      }),
      /CTC_REQUEST_TIMEOUT must be longer than CTC_HEADERS_TIMEOUT/,
    );
  });
});
