/** The self-registering entry of the CDN builds: loading it defines `<click-to-call>`. */
import { defineClickToCall } from './define.js';

export { ClickToCall } from './click-to-call.js';
export { defineClickToCall } from './define.js';
export type * from './events.js';
export type { CtcStrings, CtcStringOverrides } from './strings.js';
export type { CallRequest, CallOptions } from '../core/call-options.js';
export type { ProxyAnswer, ProxySuccess, ProxyError } from '../core/contract.js';

defineClickToCall();
