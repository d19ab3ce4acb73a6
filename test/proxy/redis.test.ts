import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClickToCallHandler } from '../../src/proxy/handler.js';
import type { ClickToCallOptions } from '../../src/proxy/options.js';
import { FallbackStore } from '../../src/proxy/protection/stores/fallback.js';
import { MemoryStore } from '../../src/proxy/protection/stores/memory.js';
import { createClient, createCluster } from 'redis';
import type { RedisClientOfApp } from '../../src/core/redis-socket.js';
import { RedisStore } from '../../src/proxy/protection/stores/redis.js';
import { RedisStatusChannel } from '../../src/proxy/status/redis-channel.js';
import { proxyFromEnvironment } from '../../src/proxy/runtime/environment.js';
import { ProviderSimulator } from '../../src/simulator/simulator.js';
import { freePort, TestRedis, TestRedisCluster } from '../../scripts/redis-server.js';
import { secretToken, until } from './helpers.js';

const account = { userId: '31337', token: secretToken };
const simulator = new ProviderSimulator(account);
let redis: TestRedis | TestRedisCluster;
const stores: { close(): Promise<void> }[] = [];
let prefixSequence = 0;

/**
 * One proxy instance: its own handler and its own Redis connection (or the app's `client`),
 * sharing the server and the simulator.
 */
async function instance(prefix: string, options: Partial<ClickToCallOptions> = {}, client?: RedisClientOfApp) {
  const where = client ? { client } : redis.connection;
  const store = new RedisStore({ ...where, keyPrefix: prefix, commandTimeoutMs: 500 });
  stores.push(store);
  await store.ready();
  const handler = createClickToCallHandler({
    ...account,
    destination: '9123456780',
    fetch: simulator.fetch,
    log: () => {},
    store,
    ...options,
  });
  return async (phone: string, headers: Record<string, string> = {}, clientAddress = '203.0.113.9') => {
    const response = await handler(
      new Request('http://proxy.test/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ phone }),
      }),
      { clientAddress },
    );
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      retryAfter: response.headers.get('Retry-After'),
    };
  };
}

/** An instance with push reports on, its statuses in Redis and their news on a Redis channel. */
async function statusInstance(prefix: string, pushReportSecret: string, options: Partial<ClickToCallOptions> = {}) {
  const store = new RedisStore({ ...redis.connection, keyPrefix: prefix, commandTimeoutMs: 500 });
  const statusChannel = new RedisStatusChannel({ ...redis.connection, channel: `${prefix}status` });
  stores.push(store, statusChannel);
  await store.ready();
  return createClickToCallHandler({
    ...{ ...account, destination: '9123456780', fetch: simulator.fetch, log: () => {} },
    ...{ store, statusChannel, pushReportSecret, ...options },
  });
}

/** Places a call through `handler`; its id and statusUrl. */
async function placeOn(handler: (request: Request) => Promise<Response>, phone: string) {
  const placed = await handler(
    new Request('http://proxy.test/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone }),
    }),
  );
  return (await placed.json()) as { callId: string; statusUrl: string };
}

const newPrefix = () => `t${process.pid}-${prefixSequence++}:`;

/*
 * Each of these runs twice: on one Redis server, and on a Redis Cluster of three masters, where a
 * script whose keys lie in different slots fails (CROSSSLOT) and an outage is one master's.
 */
for (const kind of ['one Redis server', 'a Redis Cluster'] as const)
  describe(`two proxy instances sharing ${kind}`, () => {
    /** What goes down in the outage test: the server, or the master that holds the limits. */
    let outage: TestRedis;
    before(async () => {
      redis = kind === 'a Redis Cluster' ? new TestRedisCluster() : new TestRedis(await freePort());
      await redis.start();
      outage = redis instanceof TestRedisCluster ? await redis.masterOf('{limits}') : redis;
    });
    after(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await redis.stop();
    });

    it("carry a report received by one to the other's status readers, JSON and event stream", async () => {
      const prefix = newPrefix();
      const pushReportSecret = `push-${crypto.randomUUID()}`;
      const [first, second] = [await statusInstance(prefix, pushReportSecret), await statusInstance(prefix, pushReportSecret)];
      const { callId, statusUrl } = await placeOn(first, '9876543210');
      const onSecond = await second(new Request(new URL(statusUrl, 'http://proxy.test'), { headers: { Accept: 'text/event-stream' } }));
      const reader = onSecond.body!.pipeThrough(new TextDecoderStream()).getReader();
      const firstEvent = await reader.read();
      assert.match(firstEvent.value!, /"state":"calling"/);
      // Give the second instance's subscription a moment to be in place, as a reader's would be.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reported = performance.now();
      await first(
        new Request(`http://proxy.test/push-report/${pushReportSecret}`, {
          method: 'POST',
          body: JSON.stringify({ callId, callStatus: 3 }),
        }),
      );
      let rest = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += value;
      }
      const tookMs = performance.now() - reported;
      assert.match(rest, /"state":"completed"/);
      assert.ok(tookMs < 1000, `the second instance's reader heard it after ${tookMs.toFixed(0)} ms`);
      const json = (await (await second(new Request(new URL(statusUrl, 'http://proxy.test')))).json()) as { state: string };
      assert.equal(json.state, 'completed');
    });

    it('end a call once when both receive its report at the same moment', async () => {
      const prefix = newPrefix();
      const pushReportSecret = `push-${crypto.randomUUID()}`;
      const ended: string[] = [];
      const make = (name: string) =>
        statusInstance(prefix, pushReportSecret, {
          onCallEvent: (event) => {
            if (event.status.final) ended.push(`${name} ${event.status.state}`);
          },
        });
      const [first, second] = [await make('first'), await make('second')];
      const { callId, statusUrl } = await placeOn(first, '9876543219');
      const report = (handler: typeof first, callStatus: number) =>
        handler(
          new Request(`http://proxy.test/push-report/${pushReportSecret}`, {
            method: 'POST',
            body: JSON.stringify({ callId, callStatus }),
          }),
        );
      await Promise.all([report(first, 3), report(second, 7), report(first, 3), report(second, 7)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(ended.length, 1, `one final event, not ${JSON.stringify(ended)}`);
      const state = ((await (await second(new Request(new URL(statusUrl, 'http://proxy.test')))).json()) as { state: string }).state;
      assert.equal(ended[0]!.endsWith(state), true, 'the status reads the state the hook was told');
    });

    it('hold one per-number limit between them', async () => {
      const prefix = newPrefix();
      const [a, b] = [await instance(prefix, { doubleSubmitWindowMs: 0 }), await instance(prefix, { doubleSubmitWindowMs: 0 })];
      simulator.reset();
      const statuses = [];
      for (const post of [a, b, a, b, a]) statuses.push((await post('9876543210')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal((await b('9876543210')).body.code, 'rate-limited-number');
      assert.equal(simulator.calls.length, 3);
    });

    it("hold one per-number limit and one idempotency key, and carry status news, between their own connections and an app's client", async () => {
      const prefix = newPrefix();
      const appClient =
        redis instanceof TestRedisCluster
          ? createCluster({ rootNodes: redis.connection.clusterUrls.map((url) => ({ url })) })
          : createClient({ url: redis.connection.url });
      appClient.on('error', () => {});
      stores.push({ close: async () => appClient.destroy() });
      const own = await instance(prefix, { doubleSubmitWindowMs: 0 });
      const app = await instance(prefix, { doubleSubmitWindowMs: 0 }, appClient);
      const appStore = stores.at(-1)!;
      simulator.reset();
      const statuses = [];
      for (const post of [app, own, app, own]) statuses.push((await post('9876543211')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const key = { 'Idempotency-Key': `app-${prefix}` };
      const [first, again] = [await app('9876543212', key), await own('9876543212', key)];
      assert.equal(again.body.callId, first.body.callId, 'the key claimed through the app client is seen by the other');
      assert.equal(simulator.calls.length, 4);
      await appStore.close();
      assert.ok(appClient.isOpen, "closing the store leaves the app's client open");

      // Status news between a channel on its own connections and one on the app's client, both ways.
      const channel = `${prefix}status`;
      const onOwn = new RedisStatusChannel({ ...redis.connection, channel });
      const onApp = new RedisStatusChannel({ client: appClient, channel });
      stores.push(onOwn);
      const heard = { own: [] as string[], app: [] as string[] };
      await Promise.all([onOwn.subscribe((message) => heard.own.push(message)), onApp.subscribe((message) => heard.app.push(message))]);
      await onOwn.publish('from own');
      await onApp.publish('from app');
      await until(() => heard.app.length + heard.own.length === 4, 'both messages on both channels');
      assert.deepEqual(heard, { own: ['from own', 'from app'], app: ['from own', 'from app'] });
      await onApp.close();
      assert.ok(appClient.isOpen, "closing the channel leaves the app's client open");
    });

    it('hold one global budget under concurrent load from both', async () => {
      const prefix = newPrefix();
      const limits = { global: { limit: 10, windowMs: 60_000 }, perClient: { limit: 1000, windowMs: 60_000 } };
      const [a, b] = [await instance(prefix, { limits }), await instance(prefix, { limits })];
      simulator.reset();
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b)(`98${String(10000000 + i)}`, {}, `10.1.0.${i}`)),
      );
      assert.equal(answers.filter((answer) => answer.status === 200).length, 10);
      assert.equal(answers.filter((answer) => answer.body.code === 'rate-limited-global').length, 30);
      assert.equal(simulator.calls.length, 10);
    });

    it('place one call for concurrent requests with one idempotency key, across instances', async () => {
      const prefix = newPrefix();
      const [a, b] = [await instance(prefix), await instance(prefix)];
      simulator.reset();
      simulator.misbehave({ kind: 'delay', ms: 100 });
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b)('9876543210', { 'Idempotency-Key': 'shared-key' })),
      );
      simulator.misbehave(undefined);
      assert.equal(simulator.requests, 1);
      assert.equal(answers.filter((answer) => answer.status === 200).length, 1);
      assert.ok(answers.every((answer) => answer.status === 200 || answer.body.code === 'request-in-flight'));
      const replay = await a('9876543210', { 'Idempotency-Key': 'shared-key' });
      assert.equal(replay.status, 200);
      assert.equal(simulator.requests, 1);
    });

    it('answer 503 store-unavailable while Redis is down (or fall back when told to), and recover by themselves', async (t) => {
      const prefix = newPrefix();
      const closed = await instance(prefix);
      const fallbackStore = new RedisStore({ ...redis.connection, keyPrefix: prefix, commandTimeoutMs: 500 });
      stores.push(fallbackStore);
      await fallbackStore.ready();
      const switches: boolean[] = [];
      const fallback = await instance(prefix, {
        store: new FallbackStore(fallbackStore, new MemoryStore(), (usingFallback) => switches.push(usingFallback)),
      });
      simulator.reset();
      assert.equal((await closed('9000000001')).status, 200);

      await outage.stop();
      const started = Date.now();
      const down = await closed('9000000002');
      assert.deepEqual([down.status, down.body.code, down.retryAfter], [503, 'store-unavailable', '5']);
      assert.ok(Date.now() - started < 2000, 'fails fast, no hang');
      assert.equal((await fallback('9000000003')).status, 200);
      // On a cluster only the limits' master is down: the call's record, in another slot, is kept
      // in Redis, and the fallback says so; on one server everything waits for Redis.
      assert.deepEqual(kind === 'a Redis Cluster' ? switches.slice(0, 1) : switches, [true]);
      assert.equal(simulator.calls.length, 2, 'no call placed without limits, except through the configured fallback');

      await outage.start();
      const back = performance.now();
      const deadline = Date.now() + 20_000;
      let recovered = await closed('9000000004');
      while (recovered.status === 503 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        recovered = await closed('9000000004');
      }
      assert.equal(recovered.status, 200);
      t.diagnostic(`${kind}: calls placed again ${(performance.now() - back).toFixed(0)} ms after Redis was back`);
      assert.equal((await fallback('9000000005')).status, 200);
      assert.deepEqual(kind === 'a Redis Cluster' ? [switches[0], switches.at(-1)] : switches, [true, false]);
    });
  });

describe('the command-line settings for a Redis Cluster', () => {
  it('keep limits, statuses and the job queue on the cluster', async () => {
    const cluster = new TestRedisCluster();
    await cluster.start();
    const said: string[] = [];
    const say = console.error;
    console.error = (line: string) => said.push(line);
    const proxy = proxyFromEnvironment({ REDIS_CLUSTER_URLS: cluster.connection.clusterUrls.join(', ') }, { log: () => {} });
    console.error = say;
    try {
      const call = () =>
        proxy.handler(
          new Request('http://proxy.test/call', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ phone: '9876543210' }),
          }),
          { clientAddress: '203.0.113.7' },
        );
      let first = await call();
      for (const deadline = Date.now() + 5000; first.status === 503 && Date.now() < deadline; first = await call()) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(first.status, 200);
      assert.equal(((await (await call()).json()) as { code: string }).code, 'duplicate-submission');
      assert.ok(await cluster.holds('ctc:{limits}:limit:global'), 'the account budget is counted in the cluster');
      assert.deepEqual(said, [], 'nothing to say at start: every part is on the cluster');
      const health = (await (await proxy.handler(new Request('http://proxy.test/healthz'))).json()) as { scheduler: unknown };
      assert.deepEqual(health.scheduler, { kind: 'redis', survivesRestart: true });
    } finally {
      await proxy.close();
      await cluster.stop();
    }
  });
});
