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

/** Connects an app's client unless it is connected already (or connecting): it may be shared. */
export async function connectIfClosed(client: { readonly isOpen: boolean; connect(): Promise<unknown> }): Promise<void> {
  if (!client.isOpen) await client.connect();
}

/** Throws unless exactly one of the ways to reach Redis is given: a URL, a cluster's URLs, or a client. */
export function requireOneRedis(what: string, options: { url?: string; clusterUrls?: readonly string[]; client?: unknown }): void {
  const given = [options.url, options.clusterUrls?.length, options.client].filter(Boolean).length;
  if (given !== 1) throw new TypeError(`${what} needs one of url, clusterUrls and client`);
}
