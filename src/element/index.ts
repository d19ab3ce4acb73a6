/**
 * The library entry, for bundlers: the class and the types, with Lit as a dependency and no side
 * effect. Register the element with `click-to-call/define` (any tag name) or `click-to-call/register`.
 */
export { ClickToCall } from './click-to-call.js';
export type * from './events.js';
export type { CtcStrings, CtcStringOverrides } from './strings.js';
export type { CallRequest, CallOptions } from '../core/call-options.js';
export type { ProxyAnswer, ProxySuccess, ProxyError } from '../core/contract.js';
export type { CallState, CallStatus } from '../core/call-status.js';
