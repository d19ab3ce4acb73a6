/**
 * The handler for web-standard runtimes (Cloudflare Workers, Vercel Edge, Deno Deploy, …): the
 * `click-to-call/proxy` entry under the `workerd`, `worker` and `edge-light` conditions, and
 * `click-to-call/proxy/edge` by name. It holds what runs on `Request` and `Response` alone, so
 * it bundles with no Node built-in: no Redis client (TCP sockets), no Node server, no reading of
 * `process.env`. Everything here is also in `click-to-call/proxy`.
 */
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
export { ClickToCallStore } from './protection/stores/durable-object.js';
export type { DurableObjectStateOfStore } from './protection/stores/durable-object.js';
export { DurableObjectStore } from './protection/stores/durable-object-store.js';
export type { DurableObjectNamespaceOfStore, DurableObjectStoreOptions } from './protection/stores/durable-object-store.js';
export { FallbackStore } from './protection/stores/fallback.js';
export { MemoryStore } from './protection/stores/memory.js';
export type { MemoryStoreOptions } from './protection/stores/memory.js';
export { StoreUnavailableError } from './protection/stores/store.js';
export type { ClaimResult, HitReceipt, HitResult, LimitRule, Store } from './protection/stores/store.js';
export type { ProviderFetch } from './provider/call.js';
export { callStateTable } from './provider/call-states.js';
export { MemoryStatusChannel } from './status/channel.js';
export type { StatusChannel } from './status/channel.js';
export type { CallEvent, CallEventHook } from './status/tracker.js';
export { MemoryScheduler } from './business/scheduler.js';
export type { Job, JobData, JobRunner, Scheduler } from './business/scheduler.js';
export type { RedialSetting } from './business/redial.js';
export type { CallState, CallStatus } from '../core/call-status.js';
