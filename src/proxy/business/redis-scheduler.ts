import type { Job, JobRunner, Scheduler } from './scheduler.js';
import { jobRetryDelaysMs } from './scheduler.js';
import { connectIfClosed, redisSocket } from '../../core/redis-socket.js';

export interface RedisSchedulerOptions {
  /** The server, as for RedisStore: `redis://[user:password@]host:port[/db]`. Or `clusterUrls`. */
  url?: string;
  /** A Redis Cluster instead of one server: the URLs of some of its nodes. Needs `ioredis` (see below). */
  clusterUrls?: readonly string[];
  /**
   * Or a connection the app made itself: a node-redis `createClient()` for one server, or an
   * ioredis `Redis` or `Cluster` (created with `maxRetriesPerRequest: null`, as BullMQ's workers
   * require). The scheduler connects a node-redis client that is not yet, and never closes it.
   */
  client?: unknown;
  /** The queue's name; instances that share it share its jobs. Default: `ctc`. */
  queue?: string;
  /** How many jobs this instance runs at once. */
  concurrency?: number;
  /** Told of connection and job errors. */
  onError?: (error: Error) => void;
}

/**
 * Jobs in a BullMQ queue on Redis: a delayed job per booked call and per webhook retry, so they
 * survive a restart of every instance, and each is run by one worker at a time however many
 * instances there are. BullMQ because it is the maintained queue for Node on Redis, and since
 * version 6 it drives the same `redis` client as the store, so on one server no second Redis
 * client comes in; on a Redis Cluster it needs `ioredis`. `bullmq`, `redis` and `ioredis` are
 * optional peer dependencies, imported only when this is made.
 * The hash tag in the prefix keeps every key of the queue in one slot of a Redis Cluster.
 */
async function connect(options: RedisSchedulerOptions) {
  const { Queue, Worker } = await import('bullmq');
  const { connection, disconnect } = options.client
    ? await appConnection(options.client)
    : options.clusterUrls
      ? await clusterConnection(options.clusterUrls, options.onError)
      : await serverConnection(options);
  const name = options.queue ?? 'ctc';
  const settings = { connection, prefix: '{ctc-jobs}' };
  const queue = new Queue(name, settings);
  queue.on('error', (error: Error) => options.onError?.(error));
  const work = (run: JobRunner) => {
    const worker = new Worker(name, (job) => run(job.data), {
      ...settings,
      concurrency: options.concurrency ?? 8,
      settings: { backoffStrategy: (attemptsMade: number) => jobRetryDelaysMs[attemptsMade - 1] ?? -1 },
    });
    worker.on('error', (error: Error) => options.onError?.(error));
    return worker;
  };
  return { queue, work, disconnect };
}

/** The app's own connection: node-redis through BullMQ's adapter, ioredis as BullMQ takes it. */
async function appConnection(client: unknown) {
  const leaveOpen = async () => {};
  const nodeRedis = client as { isOpen: boolean; connect(): Promise<unknown> };
  if (typeof nodeRedis.isOpen !== 'boolean') return { connection: client as never, disconnect: leaveOpen };
  const { createNodeRedisClient } = await import('bullmq');
  await connectIfClosed(nodeRedis);
  return { connection: createNodeRedisClient(client as never), disconnect: leaveOpen };
}

/** One server, through the same node-redis client as the store. */
async function serverConnection(options: RedisSchedulerOptions) {
  const [{ createNodeRedisClient }, { createClient }] = await Promise.all([import('bullmq'), import('redis')]);
  const client = createClient({ url: options.url, socket: redisSocket });
  client.on('error', (error: Error) => options.onError?.(error));
  await client.connect();
  return { connection: createNodeRedisClient(client), disconnect: async () => void (client.isOpen && (await client.close())) };
}

/**
 * A cluster, through ioredis: BullMQ's adapter for node-redis drives one server only, and ioredis
 * is the client BullMQ was built on, cluster included. Every key of the queue is in one slot
 * (the `{ctc-jobs}` hash tag), as BullMQ's scripts need.
 */
async function clusterConnection(urls: readonly string[], onError: RedisSchedulerOptions['onError']) {
  const { Cluster } = await import('ioredis');
  const nodes = urls.map((text) => new URL(text));
  const [first] = nodes;
  const cluster = new Cluster(
    nodes.map((url) => ({ host: url.hostname, port: Number(url.port || 6379) })),
    {
      redisOptions: {
        username: decodeURIComponent(first?.username ?? '') || undefined,
        password: decodeURIComponent(first?.password ?? '') || undefined,
        ...(first?.protocol === 'rediss:' ? { tls: {} } : {}),
        // BullMQ's workers wait on blocking commands, which must not be cut short by a retry count.
        maxRetriesPerRequest: null,
        connectTimeout: redisSocket.connectTimeout,
      },
      clusterRetryStrategy: redisSocket.reconnectStrategy,
    },
  );
  cluster.on('error', (error: Error) => onError?.(error));
  return { connection: cluster, disconnect: async () => void (await cluster.quit().catch(() => {})) };
}

export class RedisScheduler implements Scheduler {
  readonly kind = 'redis';
  readonly #connection: ReturnType<typeof connect>;
  #worker: { close(): Promise<void> } | undefined;

  constructor(options: RedisSchedulerOptions) {
    this.#connection = connect(options);
    this.#connection.catch((error: Error) => options.onError?.(error));
  }

  async add(job: Job): Promise<void> {
    const { queue } = await this.#connection;
    await queue.add(job.data.kind, job.data, {
      jobId: job.id,
      delay: Math.max(0, job.runAt - Date.now()),
      attempts: jobRetryDelaysMs.length + 1,
      backoff: { type: 'custom' },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async remove(id: string): Promise<void> {
    const { queue } = await this.#connection;
    // A job under way is locked and cannot be removed; its runner finds it cancelled instead.
    await (await queue.getJob(id))?.remove().catch(() => {});
  }

  async start(run: JobRunner): Promise<void> {
    const { work } = await this.#connection;
    this.#worker ??= work(run);
  }

  async close(): Promise<void> {
    const connection = await this.#connection.catch(() => undefined);
    await this.#worker?.close();
    await connection?.queue.close();
    await connection?.disconnect();
  }
}
