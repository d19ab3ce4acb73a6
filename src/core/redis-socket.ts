/**
 * How every Redis connection of the proxy (store, status channel, job queue) connects and comes
 * back: a connect that takes over 2 s has failed, and reconnecting backs off from 100 ms to 2 s
 * and never gives up, so an outage ends by itself when Redis is back.
 */
export const redisSocket = {
  connectTimeout: 2000,
  reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
};

/**
 * A node-redis client or cluster client (`createClient()`, `createCluster()` of `redis`) that an
 * app made itself and hands to a store or a status channel, typed by the little the declarations
 * can name without `redis` installed.
 */
export interface RedisClientOfApp {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
}
