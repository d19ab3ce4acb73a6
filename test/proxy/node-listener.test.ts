import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClickToCallHandler, nodeListener } from '../../src/proxy/index.js';
import type { RequestLogEntry } from '../../src/proxy/http/log.js';
import { ProviderSimulator } from '../../src/simulator/index.js';
import { secretToken } from './helpers.js';

/** Raw HTTP, so the test controls framing (chunked, declared length) and repeated headers. */
function send(port: number, init: { method?: string; headers?: Record<string, string | string[]>; chunks?: (string | Uint8Array)[] }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path: '/call', method: init.method ?? 'POST', headers: init.headers },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk) => (text += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body: text ? JSON.parse(text) : {} }));
      },
    );
    outgoing.on('error', reject);
    for (const chunk of init.chunks ?? []) outgoing.write(chunk);
    outgoing.end();
  });
}

describe('the Node listener (no web Request in between)', () => {
  const simulator = new ProviderSimulator({ userId: '77', token: secretToken });
  const seenByHook: { method: string; contentType: string | null; body: string }[] = [];
  const logged: RequestLogEntry[] = [];
  const server = createServer(
    nodeListener(
      createClickToCallHandler({
        userId: '77',
        token: secretToken,
        destination: '9123456780',
        fetch: simulator.fetch,
        log: (entry) => logged.push(entry),
        verify: async (request) => {
          seenByHook.push({ method: request.method, contentType: request.headers.get('content-type'), body: await request.text() });
          return true;
        },
      }),
    ),
  );
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('places a call and gives the verify hook a web Request with the body it read', async () => {
    const answer = await send(port, { headers: { 'Content-Type': 'application/json' }, chunks: ['{"phone":', '"98765 43210"}'] });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(seenByHook.at(-1), { method: 'POST', contentType: 'application/json', body: '{"phone":"98765 43210"}' });
    assert.equal(simulator.calls.length, 1);
  });

  it('refuses a declared or a streamed body over the limit with 413, without reading it all', async () => {
    const declared = await send(port, {
      headers: { 'Content-Type': 'application/json', 'Content-Length': '100000' },
      chunks: [' '.repeat(100000)],
    });
    assert.deepEqual([declared.status, declared.body.code], [413, 'body-too-large']);
    const streamed = await send(port, {
      headers: { 'Content-Type': 'application/json' },
      chunks: Array.from({ length: 20 }, () => ' '.repeat(1000)),
    });
    assert.deepEqual([streamed.status, streamed.body.code], [413, 'body-too-large']);
  });

  it('refuses invalid UTF-8, doubled content types and doubled keys as the web handler does', async () => {
    const bytes = await send(port, { headers: { 'Content-Type': 'application/json' }, chunks: [new Uint8Array([0x7b, 0xff, 0x7d])] });
    assert.deepEqual([bytes.status, bytes.body.code], [400, 'invalid-json']);
    const doubledType = await send(port, {
      headers: { 'Content-Type': ['application/json', 'text/plain'] },
      chunks: ['{"phone":"9876543211"}'],
    });
    assert.equal(doubledType.status, 415);
    const doubledKey = await send(port, {
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': ['a', 'b'] },
      chunks: ['{"phone":"9876543212"}'],
    });
    assert.deepEqual([doubledKey.status, doubledKey.body.code], [400, 'invalid-idempotency-key']);
  });

  it('answers the preflight with 204 and no body, and other methods with 405', async () => {
    const preflight = await send(port, { method: 'OPTIONS', headers: {} });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['content-type'], undefined);
    const get = await send(port, { method: 'GET' });
    assert.deepEqual([get.status, get.body.code, get.headers.allow], [405, 'method-not-allowed', 'POST, OPTIONS']);
  });

  it('drops a request whose client leaves mid-body, places no call, and goes on serving', async () => {
    const callsBefore = simulator.calls.length;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /call HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"phone":"98765');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const loggedBefore = logged.length;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(simulator.calls.length, callsBefore);
    // The read ended rather than waiting forever for the rest of the body.
    assert.deepEqual(
      logged.slice(loggedBefore).map((entry) => [entry.status, entry.code]),
      [[400, 'invalid-request']],
    );
    const next = await send(port, { headers: { 'Content-Type': 'application/json' }, chunks: ['{"phone":"9876543213"}'] });
    assert.equal(next.status, 200);
  });
});
