/**
 * How every Redis connection of the proxy (store, status channel, job queue) connects and comes
 * back: a connect that takes over 2 s has failed, and reconnecting backs off from 100 ms to 2 s
 * and never gives up, so an outage ends by itself when Redis is back.
 */
export const redisSocket = {
  connectTimeout: 2000,
  reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
};
