import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createClickToCallHandler, nodeListener } from '../../src/proxy/index.js';
import { ProviderSimulator } from '../../src/simulator/index.js';
import { secretToken } from './helpers.js';

describe('mounting the handler in an existing Node server', () => {
  it('serves /call beside the routes the server already has, as the README shows', async () => {
    const simulator = new ProviderSimulator({ userId: '1234', token: secretToken });
    // As in the README, with the simulator's fetch standing in for the provider.
    const clickToCall = nodeListener(
      createClickToCallHandler({
        userId: '1234',
        token: secretToken,
        destination: '9123456780',
        fetch: simulator.fetch,
        log: () => {},
      }),
    );
    const server = createServer((request, response) => {
      if (request.url === '/call' || request.url === '/healthz') return void clickToCall(request, response);
      response.end('the rest of the site');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await (await fetch(`${base}/`)).text(), 'the rest of the site');
      const answer = await fetch(`${base}/call`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: base },
        body: JSON.stringify({ phone: '98765 43210' }),
      });
      assert.equal(answer.status, 200);
      assert.equal(simulator.calls.length, 1);
      const foreign = await fetch(`${base}/call`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://elsewhere.example' },
        body: JSON.stringify({ phone: '98765 43210' }),
      });
      assert.equal(foreign.status, 403);
      assert.equal(simulator.calls.length, 1);
    } finally {
      server.close();
    }
  });
});
