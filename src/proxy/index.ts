/**
 * The server side: everything of the edge entry (the handler for any runtime, its options, the
 * memory parts), and the parts that need Node or TCP: the Redis store, channel and scheduler,
 * and the pieces to run the proxy on Node.
 */
export * from './edge.js';
export { RedisStore } from './protection/stores/redis.js';
export type { RedisStoreOptions } from './protection/stores/redis.js';
export type { RedisClientOfApp } from '../core/redis-socket.js';
export { RedisStatusChannel } from './status/redis-channel.js';
export type { RedisStatusChannelOptions } from './status/redis-channel.js';
export { RedisScheduler } from './business/redis-scheduler.js';
export type { RedisSchedulerOptions } from './business/redis-scheduler.js';
export { environmentVariables, proxyFromEnvironment } from './runtime/environment.js';
export type { Environment, EnvironmentVariable, ProxyFromEnvironment } from './runtime/environment.js';
export { nodeListener } from './runtime/node-listener.js';
// Exported statically, not behind import(): a bundler follows every import(), and would carry
// Node's server into an edge bundle; a static export it drops when the handler alone is used.
export { startProxyServer } from './runtime/server.js';
export type { RunningProxy } from './runtime/server.js';
export type { ServerOptions } from './runtime/server-options.js';
