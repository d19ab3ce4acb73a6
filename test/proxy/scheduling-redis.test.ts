import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { listen } from '../../src/node/http.js';
import { after, before, describe, it } from 'node:test';
import { Queue, createNodeRedisClient } from 'bullmq';
import { createClient } from 'redis';
import { RedisScheduler } from '../../src/proxy/business/redis-scheduler.js';
import { createClickToCallHandler } from '../../src/proxy/handler.js';
import type { ClickToCallOptions } from '../../src/proxy/options.js';
import { RedisStore } from '../../src/proxy/protection/stores/redis.js';
import { ProviderSimulator } from '../../src/simulator/simulator.js';
import { Cluster } from 'ioredis';
import { freePort, TestRedis, TestRedisCluster } from '../../scripts/redis-server.js';
import { until } from './helpers.js';

/*
 * Booked calls as jobs of a BullMQ queue on a real Redis, with two proxy instances each running
 * a worker. A booking's slot is a minute or more away; the tests move its job forward with
 * BullMQ's own promote(), as its time coming would.
 */
const account = { userId: '31337', token: `tok_${crypto.randomUUID()}` };
let redis: TestRedis | TestRedisCluster;
const closing: { close(): Promise<void> }[] = [];
let sequence = 0;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One site's Redis names: a key prefix and a queue of its own, so tests do not see each other's jobs. */
function site() {
  const id = `s${process.pid}-${sequence++}`;
  return { prefix: `${id}:`, queue: `ctc-${id}`, simulator: new ProviderSimulator(account) };
}

/**
 * One proxy instance of `shared`: its own store connection, scheduler and worker, on the same
 * Redis; the scheduler on the app's `schedulerClient` when given.
 */
async function instance(shared: ReturnType<typeof site>, options: Partial<ClickToCallOptions> = {}, schedulerClient?: unknown) {
  const store = new RedisStore({ ...redis.connection, keyPrefix: shared.prefix, commandTimeoutMs: 1000 });
  const scheduler = new RedisScheduler({ ...(schedulerClient ? { client: schedulerClient } : redis.connection), queue: shared.queue });
  closing.push(store, scheduler);
  await store.ready();
  const handler = createClickToCallHandler({
    ...account,
    destination: '9123456780',
    fetch: shared.simulator.fetch,
    log: () => {},
    store,
    scheduler,
    scheduleStepMinutes: 1,
    ...options,
  });
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await handler(new Request(new URL(path, 'http://proxy.test'), init));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const book = async (phone: string) => {
    const [at] = (await request('/availability')).body.slots as string[];
    const booked = await request('/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone, at }),
    });
    assert.equal(booked.status, 202);
    return booked.body as { statusUrl: string; cancelUrl: string };
  };
  const state = async (statusUrl: string) => (await request(statusUrl)).body;
  return { book, state, request, close: () => Promise.all([store.close(), scheduler.close()]) };
}

/** The site's queue as BullMQ sees it, from outside the proxy: on a cluster through ioredis, as the proxy's own. */
async function queueOf(shared: ReturnType<typeof site>) {
  if (redis instanceof TestRedisCluster) {
    const cluster = new Cluster(redis.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })));
    const queue = new Queue(shared.queue, { connection: cluster, prefix: '{ctc-jobs}' });
    const close = async () => {
      await queue.close();
      await cluster.quit();
    };
    return { queue, close };
  }
  const client = createClient({ url: redis.url });
  await client.connect();
  const queue = new Queue(shared.queue, { connection: createNodeRedisClient(client), prefix: '{ctc-jobs}' });
  const close = async () => {
    await queue.close();
    await client.close();
  };
  return { queue, close };
}

/** Makes a booking's job due now, as its time coming would. */
async function promote(shared: ReturnType<typeof site>, statusUrl: string): Promise<void> {
  const { queue, close } = await queueOf(shared);
  try {
    const token = statusUrl.split('/').at(-1);
    const job = await queue.getJob(`place_${token}_0`);
    assert.ok(job, 'the booking is a job in Redis');
    await job.promote();
  } finally {
    await close();
  }
}

// Each runs on one Redis server and on a Redis Cluster of three masters.
for (const kind of ['one Redis server', 'a Redis Cluster'] as const)
  describe(`booked calls in a BullMQ queue on ${kind}`, () => {
    before(async () => {
      redis = kind === 'a Redis Cluster' ? new TestRedisCluster() : new TestRedis(await freePort());
      await redis.start();
    });
    after(async () => {
      await Promise.all(closing.map((part) => part.close().catch(() => {})));
      await redis.stop();
    });

    it('are placed exactly once with two instances running, and both read the status', async () => {
      const shared = site();
      const [first, second] = [await instance(shared), await instance(shared)];
      const { statusUrl } = await first.book('9876543210');
      assert.equal((await second.state(statusUrl)).state, 'scheduled');
      await promote(shared, statusUrl);
      await until(() => shared.simulator.calls.length === 1, 'the call', 10_000);
      await until(async () => (await second.state(statusUrl)).state === 'calling', 'calling', 10_000);
      await wait(500);
      assert.equal(shared.simulator.calls.length, 1);
      assert.deepEqual((await first.request('/healthz')).body.scheduler, { kind: 'redis', survivesRestart: true });
    });

    it("are placed exactly once when one instance's queue runs on the app's own client", async () => {
      const shared = site();
      // What an app would hand over: ioredis on a cluster (BullMQ's own client), node-redis on one server.
      const appClient =
        redis instanceof TestRedisCluster
          ? new Cluster(
              redis.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
              { redisOptions: { maxRetriesPerRequest: null } },
            )
          : createClient({ url: redis.url });
      const [first, second] = [await instance(shared), await instance(shared, {}, appClient)];
      const { statusUrl } = await second.book('9876543219');
      assert.equal((await first.state(statusUrl)).state, 'scheduled');
      await promote(shared, statusUrl);
      await until(() => shared.simulator.calls.length === 1, 'the call', 10_000);
      await wait(500);
      assert.equal(shared.simulator.calls.length, 1);
      await second.close();
      const stillOpen = appClient instanceof Cluster ? appClient.status === 'ready' : appClient.isOpen;
      assert.ok(stillOpen, "closing the instance leaves the app's client open");
      closing.push({ close: async () => void (appClient instanceof Cluster ? await appClient.quit() : await appClient.close()) });
    });

    it('are placed after a restart of every instance', async () => {
      const shared = site();
      const before = await instance(shared);
      const { statusUrl } = await before.book('9876543211');
      await before.close();
      const [third, fourth] = [await instance(shared), await instance(shared)];
      await promote(shared, statusUrl);
      await until(() => shared.simulator.calls.length === 1, 'the call after the restart', 10_000);
      await until(async () => (await fourth.state(statusUrl)).state === 'calling', 'calling', 10_000);
      await wait(300);
      assert.equal(shared.simulator.calls.length, 1);
      assert.equal((await third.state(statusUrl)).state, 'calling');
    });

    it('place none once cancelled, on another instance than the one that booked it', async () => {
      const shared = site();
      const [first, second] = [await instance(shared), await instance(shared)];
      const { statusUrl, cancelUrl } = await first.book('9876543212');
      const cancelled = await second.request(cancelUrl, { method: 'DELETE' });
      assert.deepEqual([cancelled.status, cancelled.body.state], [200, 'cancelled']);
      const { queue, close } = await queueOf(shared);
      assert.equal(await queue.getJob(`place_${statusUrl.split('/').at(-1)}_0`), undefined, 'the job is gone from the queue');
      await close();
      await wait(500);
      assert.equal(shared.simulator.calls.length, 0);
      assert.equal((await first.state(statusUrl)).state, 'cancelled');
    });

    it("meet the account's global budget when placed: the one over it ends failed with the reason", async () => {
      const shared = site();
      const limits = { global: { limit: 1, windowMs: 60_000 } };
      const [first, second] = [await instance(shared, { limits }), await instance(shared, { limits })];
      const one = await first.book('9876543213');
      const two = await second.book('9876543214');
      await Promise.all([promote(shared, one.statusUrl), promote(shared, two.statusUrl)]);
      await until(
        async () => {
          const states = [(await first.state(one.statusUrl)).state, (await first.state(two.statusUrl)).state];
          return !states.includes('scheduled');
        },
        'both attempts',
        10_000,
      );
      const ended = [await first.state(one.statusUrl), await second.state(two.statusUrl)];
      assert.deepEqual(ended.map((status) => status.state).sort(), ['calling', 'failed']);
      assert.equal(ended.find((status) => status.state === 'failed')!.reason, 'rate-limited-global');
      assert.equal(shared.simulator.calls.length, 1);
    });

    it('keep a failed webhook as a job in Redis, delivered by the instance still running after the first stops', async () => {
      const shared = site();
      const delivered: string[] = [];
      let refuse = true;
      const { server, url } = await listen(
        createServer((request, response) => {
          request.resume();
          request.on('end', () => {
            response.statusCode = refuse ? 503 : 204;
            if (!refuse) delivered.push(String(request.headers['webhook-id']));
            response.end();
          });
        }),
        0,
        '127.0.0.1',
      );
      try {
        const events = { url: `${url}/hooks`, secret: `whsec_${randomBytes(32).toString('base64')}`, retryDelaysMs: [1500] };
        const first = await instance(shared, { events });
        // The instance that stays up: its worker takes the retry the first one queued.
        await instance(shared, { events });
        const placed = await first.request('/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ phone: '9876543215' }),
        });
        assert.equal(placed.status, 200);
        await wait(300);
        await first.close();
        refuse = false;
        await until(() => delivered.length === 1, 'the retried delivery', 10_000);
        assert.equal(delivered[0], `msg_${placed.body.callId}_call_requested`);
      } finally {
        server.close();
      }
    });
  });
