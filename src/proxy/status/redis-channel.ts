import type { StatusChannel } from './channel.js';
import { connectIfClosed, redisSocket, requireOneRedis } from '../../core/redis-socket.js';
import type { RedisClientOfApp } from '../../core/redis-socket.js';

export interface RedisStatusChannelOptions {
  /** The server, as for RedisStore: `redis://[user:password@]host:port[/db]`. Or `clusterUrls`. */
  url?: string;
  /** A Redis Cluster instead of one server: the URLs of some of its nodes. A message published on any node reaches every node's subscribers. */
  clusterUrls?: readonly string[];
  /**
   * Or a client the app made itself, `createClient()` or `createCluster()`: it publishes, and a
   * duplicate of it subscribes (a subscribed connection can do nothing else). The channel
   * connects it if it is not, and closes only the duplicate.
   */
  client?: RedisClientOfApp;
  /** The channel's name; instances that share it share their news. Default: `ctc:status`. */
  channel?: string;
  /** Told of connection errors. */
  onError?: (error: Error) => void;
}

/** What the channel uses of a connection, the same for one server and for a cluster. */
interface PubSubConnection {
  readonly isOpen: boolean;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  on(event: string, listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  duplicate(): PubSubConnection;
}

/** The two connections, the client imported only now: `redis` is an optional peer dependency. */
async function connectPair(options: RedisStatusChannelOptions) {
  const watched = (client: PubSubConnection) => {
    client.on('error', (error: Error) => options.onError?.(error));
    return client;
  };
  if (options.client) {
    const publisher = options.client as unknown as PubSubConnection;
    const subscriber = watched(publisher.duplicate());
    await Promise.all([connectIfClosed(publisher), subscriber.connect()]);
    return { publisher, subscriber, ownPublisher: false };
  }
  const { createClient, createCluster } = await import('redis');
  const make = () => {
    const settings = { disableOfflineQueue: true, socket: redisSocket };
    return watched(
      (options.clusterUrls
        ? createCluster({ rootNodes: options.clusterUrls.map((url) => ({ url })), defaults: settings })
        : createClient({ ...settings, url: options.url })) as unknown as PubSubConnection,
    );
  };
  const publisher = make();
  const subscriber = make();
  await Promise.all([publisher.connect(), subscriber.connect()]);
  return { publisher, subscriber, ownPublisher: true };
}

/**
 * Status changes over Redis pub/sub, so that a push report received by one instance reaches the
 * status readers of every instance at once. Pub/sub rather than keyspace notifications, which
 * many managed Redis services switch off, or a stream, whose history nobody needs: the record in
 * the store is the truth, and a reader that missed a message reads it at its next keep-alive.
 * It needs two connections, since a subscribed one can do nothing else; both reconnect by
 * themselves. Needs the `redis` package, loaded only when a channel is made.
 */
export class RedisStatusChannel implements StatusChannel {
  readonly #name: string;
  readonly #clients: ReturnType<typeof connectPair>;

  constructor(options: RedisStatusChannelOptions) {
    requireOneRedis('RedisStatusChannel', options);
    this.#name = options.channel ?? 'ctc:status';
    this.#clients = connectPair(options);
    this.#clients.catch((error: Error) => options.onError?.(error));
  }

  async publish(message: string): Promise<void> {
    const { publisher } = await this.#clients;
    await publisher.publish(this.#name, message);
  }

  async subscribe(listener: (message: string) => void): Promise<void> {
    const { subscriber } = await this.#clients;
    await subscriber.subscribe(this.#name, listener);
  }

  async close(): Promise<void> {
    const clients = await this.#clients.catch(() => undefined);
    const ours = [clients?.ownPublisher ? clients.publisher : undefined, clients?.subscriber];
    await Promise.all(ours.map((client) => (client?.isOpen ? client.close() : undefined)));
  }
}
