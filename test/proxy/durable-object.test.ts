import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../scripts/worker-bundle.js';
import { createClickToCallHandler } from '../../src/proxy/handler.js';
import { DurableObjectStore } from '../../src/proxy/protection/stores/durable-object-store.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';
import { until } from './helpers.js';

/*
 * The Durable Object store in workerd (Miniflare): two Workers, each its own isolate, bound to one
 * ClickToCallStore, bundled from the sources as Wrangler would bundle them.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ctc-durable-'));
const account = { userId: '16180339', token: `tok_${crypto.randomUUID()}` };
const simulator = new ProviderSimulator(account);
let simulatorServer: Awaited<ReturnType<typeof serveSimulator>>;
let script = '';

const worker = `import { ClickToCallStore, DurableObjectStore, createClickToCallHandler } from 'click-to-call/proxy';

// The object as the docs export it, with a quicker sweep and a way for the test to count its rows.
export class TestStore extends ClickToCallStore {
  static sweepIntervalMs = 300;
  async fetch(request) {
    return new URL(request.url).pathname === '/rows' ? Response.json(this.rows()) : super.fetch(request);
  }
}

let handler;
export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/rows') {
      return env.CTC_STORE.get(env.CTC_STORE.idFromName('click-to-call')).fetch('https://store/rows');
    }
    handler ??= createClickToCallHandler({
      userId: env.SARV_USER_ID, token: env.SARV_TOKEN, apiUrl: env.SARV_API_URL, destination: '9123456780',
      store: new DurableObjectStore(env.CTC_STORE),
      limits: {
        perNumber: { limit: 3, windowMs: Number(env.WINDOW_MS) },
        perClient: { limit: 10, windowMs: Number(env.WINDOW_MS) },
        global: { limit: 60, windowMs: Number(env.WINDOW_MS) },
      },
      doubleSubmitWindowMs: 0,
      log: () => {},
    });
    return handler(request, { clientAddress: request.headers.get('CF-Connecting-IP') ?? undefined, waitUntil: (work) => ctx.waitUntil(work) });
  },
};
`;

/** Two Workers, "a" (which defines the object) and "b", sharing it; persisted under `persist`. */
function runtime(persist: string, windowMs = 3_600_000) {
  const bindings = {
    SARV_USER_ID: account.userId,
    SARV_TOKEN: account.token,
    SARV_API_URL: simulatorServer.endpoint,
    WINDOW_MS: String(windowMs),
  };
  const common = { modules: true, script, compatibilityDate: '2025-09-01', bindings };
  return new Miniflare({
    durableObjectsPersist: persist,
    workers: [
      { ...common, name: 'a', routes: ['a.example/*'], durableObjects: { CTC_STORE: { className: 'TestStore', useSQLite: true } } },
      {
        ...common,
        name: 'b',
        routes: ['b.example/*'],
        durableObjects: { CTC_STORE: { className: 'TestStore', scriptName: 'a', useSQLite: true } },
      },
    ],
  });
}

/** Posts a number to one of the Workers; its status and body. */
async function post(runtime: Miniflare, name: 'a' | 'b', phone: string, headers: Record<string, string> = {}) {
  const response = await runtime.dispatchFetch(`http://${name}.example/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: `http://${name}.example`, 'CF-Connecting-IP': '203.0.113.7', ...headers },
    body: JSON.stringify({ phone }),
  });
  return { status: response.status, body: (await response.json()) as { code?: string; callId?: string } };
}

async function rows(runtime: Miniflare) {
  const response = await runtime.dispatchFetch('http://a.example/rows');
  return (await response.json()) as { hits: number; records: number };
}

describe('the Durable Object store, in workerd', () => {
  before(async () => {
    simulatorServer = await serveSimulator(simulator);
    const entry = join(scratch, 'worker.mjs');
    writeFileSync(entry, worker);
    const bundled = await bundleWorker(entry, process.cwd(), { 'click-to-call/proxy': './src/proxy/edge.ts' });
    script = bundled.outputFiles[0]!.text;
  });
  after(() => {
    simulatorServer.server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('holds one per-number limit and one idempotency key between two Workers, and keeps them when the runtime restarts', async () => {
    const persist = join(scratch, 'restart');
    simulator.reset();
    const first = runtime(persist);
    const statuses: number[] = [];
    try {
      for (const name of ['a', 'b', 'a'] as const) statuses.push((await post(first, name, '9876543210')).status);
      const refused = await post(first, 'b', '9876543210');
      statuses.push(refused.status);
      assert.equal(refused.body.code, 'rate-limited-number');
      const key = { 'Idempotency-Key': 'one-visit' };
      const [once, again] = [await post(first, 'a', '9876543211', key), await post(first, 'b', '9876543211', key)];
      assert.equal(again.body.callId, once.body.callId, 'the second Worker answers with the call the first placed');
    } finally {
      await first.dispose();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal(simulator.calls.length, 4);

    // A new runtime on the same storage: as after the object was evicted and started elsewhere.
    const second = runtime(persist);
    try {
      assert.equal((await post(second, 'b', '9876543210')).body.code, 'rate-limited-number');
      assert.equal(simulator.calls.length, 4);
    } finally {
      await second.dispose();
    }
  });

  it('sweeps hits whose window has passed, and counts a number afresh after its window', async () => {
    simulator.reset();
    const shortWindow = runtime(join(scratch, 'sweep'), 1000);
    try {
      for (const name of ['a', 'b', 'a'] as const) assert.equal((await post(shortWindow, name, '9876543212')).status, 200);
      assert.equal((await post(shortWindow, 'b', '9876543212')).status, 429);
      assert.ok((await rows(shortWindow)).hits > 0);
      await until(async () => (await rows(shortWindow)).hits === 0, 'the alarm to delete the expired hits', 5000);
      const held = await rows(shortWindow);
      assert.equal(held.hits, 0, 'the alarm deleted the expired hits');
      assert.ok(held.records > 0, 'the call statuses, whose time has not passed, are kept');
      assert.equal((await post(shortWindow, 'b', '9876543212')).status, 200);
    } finally {
      await shortWindow.dispose();
    }
  });
});

describe('the Durable Object store, when the object does not answer', () => {
  const request = () =>
    new Request('http://proxy.test/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '9876543210' }),
    });
  const namespace = (fetch: () => Promise<Response>) => ({ idFromName: (name: string) => name, get: () => ({ fetch }) });

  for (const [what, fetch] of [
    ['fails', () => Promise.reject(new Error('Durable Object reset because its code was updated'))],
    ['hangs', () => new Promise<Response>(() => {})],
    ['answers an error', async () => Response.json({ error: 'SQLITE_FULL' }, { status: 500 })],
  ] as const) {
    it(`answers 503 store-unavailable and places no call when it ${what}`, async () => {
      simulator.reset();
      const handler = createClickToCallHandler({
        ...account,
        destination: '9123456780',
        fetch: simulator.fetch,
        log: () => {},
        store: new DurableObjectStore(namespace(fetch), { timeoutMs: 100 }),
      });
      const response = await handler(request(), { clientAddress: '203.0.113.8' });
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { code: string }).code, 'store-unavailable');
      assert.equal(simulator.calls.length, 0);
    });
  }
});
