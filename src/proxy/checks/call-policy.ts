import { callOptionNames } from '../../core/call-options.js';
import type { CallOptionName, CallOptions, CallRequest } from '../../core/call-options.js';

/** A cap on a call option a browser may set; absent means the provider's own maximum. */
export interface BrowserOptionLimit {
  max?: number;
}

export interface CallPolicy {
  /** The call options a browser may set, each with an optional cap. */
  browserOptions: Partial<Record<CallOptionName, BrowserOptionLimit>>;
  /** Call options sent on every call unless a browser sets an allowed one. */
  callDefaults: CallOptions;
}

export type PolicyVerdict =
  | { ok: true; callOptions: CallOptions; fromBrowser: CallOptionName[] }
  | { ok: false; code: 'option-not-allowed' | 'option-over-limit'; field: CallOptionName };

/**
 * Decides which of the body's call options the browser may set, within the server's caps, and
 * lays them over the server's defaults. An option the policy does not allow is refused, never
 * silently dropped, so a page author learns at once that it has no effect.
 */
export function applyCallPolicy(body: CallRequest, policy: CallPolicy): PolicyVerdict {
  const fromBrowser: CallOptionName[] = [];
  const chosen: Record<string, unknown> = {};
  for (const name of callOptionNames) {
    const value = body[name];
    if (value === undefined) continue;
    const limit = policy.browserOptions[name];
    if (!limit) return { ok: false, code: 'option-not-allowed', field: name };
    if (limit.max !== undefined && typeof value === 'number' && value > limit.max) {
      return { ok: false, code: 'option-over-limit', field: name };
    }
    fromBrowser.push(name);
    chosen[name] = value;
  }
  return { ok: true, callOptions: { ...policy.callDefaults, ...chosen }, fromBrowser };
}
