/** The server side: the handler for any runtime, its options and stores, and the pieces to run it on Node. */
export { createClickToCallHandler } from './handler.js';
export type { ClickToCallHandler } from './handler.js';
export { ConfigurationError, defaultOptions } from './options.js';
export type { ClickToCallOptions } from './options.js';
export type { BrowserOptionLimit } from './checks/call-policy.js';
export type { CaptchaName, CaptchaSettings, VerifyHook } from './checks/verification.js';
export type { RequestContext } from './http/incoming.js';
export { jsonLineLogger, maskPhone } from './http/log.js';
export type { RequestLogEntry, RequestLogger } from './http/log.js';
export type { Limits, LimitSetting } from './protection/limits.js';
export { FallbackStore } from './protection/stores/fallback.js';
export { MemoryStore } from './protection/stores/memory.js';
export type { MemoryStoreOptions } from './protection/stores/memory.js';
export { RedisStore } from './protection/stores/redis.js';
export type { RedisStoreOptions } from './protection/stores/redis.js';
export { StoreUnavailableError } from './protection/stores/store.js';
export type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './protection/stores/store.js';
export type { ProviderFetch } from './provider/call.js';
export { callStateTable } from './provider/call-states.js';
export { MemoryStatusChannel } from './status/channel.js';
export type { StatusChannel } from './status/channel.js';
export { RedisStatusChannel } from './status/redis-channel.js';
export type { RedisStatusChannelOptions } from './status/redis-channel.js';
export type { CallEvent, CallEventHook } from './status/tracker.js';
export { MemoryScheduler } from './business/scheduler.js';
export type { Job, JobData, JobRunner, Scheduler } from './business/scheduler.js';
export { RedisScheduler } from './business/redis-scheduler.js';
export type { RedisSchedulerOptions } from './business/redis-scheduler.js';
export type { RedialSetting } from './business/redial.js';
export type { CallState, CallStatus } from '../core/call-status.js';
export { environmentVariables, proxyFromEnvironment } from './runtime/environment.js';
export type { Environment, EnvironmentVariable, ProxyFromEnvironment } from './runtime/environment.js';
export { nodeListener } from './runtime/node-listener.js';
// Exported statically, not behind import(): a bundler follows every import(), and would carry
// Node's server into an edge bundle; a static export it drops when the handler alone is used.
export { startProxyServer } from './runtime/server.js';
export type { RunningProxy } from './runtime/server.js';
export type { ServerOptions } from './runtime/server-options.js';
