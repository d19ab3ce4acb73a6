import { callOptionRules } from '../../core/call-options.js';
import type { CallOptionName } from '../../core/call-options.js';
import type { ProviderResult } from './call.js';

/** Which leg of the provider's call is the visitor's: `from` is rung first. */
export type VisitorLeg = 'from' | 'to';

/** What the provider's answer means for the visitor: the call, or a code to answer with. */
export type ProviderOutcome =
  | { ok: true; callId: string }
  | {
      ok: false;
      /** The provider's own code when it concerns the visitor's input, else one of the proxy's. */
      code: string;
      field?: string;
      /** What the visitor is not told, for the log: the provider's code and message, say. */
      detail: string;
    };

/** The provider's number faults for each leg (invalid, duplicate, too many, several, DND). */
const legCodes: Record<VisitorLeg, readonly string[]> = {
  from: ['1508', '1510', '1552', '1576', '1573'],
  to: ['1509', '1511', '1553', '1577', '1574'],
};

/** Nobody of the business can take the call now: the visitor may try later. */
const unavailableCodes = new Set(['1536', '1537', '1538', '1540', '1541', '1542', '1543', '1544', '1578', '1579']);
/** The provider's own trouble, likely to pass. */
const transientCodes = new Set(['1501', '1575']);

function optionWithCode(code: string): CallOptionName | undefined {
  return (Object.keys(callOptionRules) as CallOptionName[]).find((name) => Object.values(callOptionRules[name]).includes(code));
}

/**
 * Sorts a provider error code by whom it concerns. `fromBrowser` are the options the visitor's
 * request set: a range fault in one of those is the visitor's, in any other it is the server's
 * configuration. The account's set-up (credentials, ids, the destination) reaches the visitor
 * only as `provider-rejected`, with a generic message.
 */
export function classifyProviderCode(
  code: string,
  visitorLeg: VisitorLeg,
  fromBrowser: readonly string[],
): { code: string; field?: string } {
  if (legCodes[visitorLeg].includes(code) || code === '1520') return { code, field: 'phone' };
  const option = optionWithCode(code);
  if (option && fromBrowser.includes(option)) return { code, field: option };
  if (unavailableCodes.has(code)) return { code: 'destination-unavailable' };
  if (transientCodes.has(code)) return { code: 'upstream-error' };
  return { code: 'provider-rejected' };
}

const failureCodes = {
  unreachable: 'upstream-unreachable',
  timeout: 'upstream-timeout',
  'bad-response': 'upstream-bad-response',
} as const;

/** The provider's answer to one call, as the visitor is to hear it. */
export function providerOutcome(result: ProviderResult, visitorLeg: VisitorLeg, fromBrowser: readonly string[]): ProviderOutcome {
  if (result.ok) return { ok: true, callId: result.callId };
  if (result.kind !== 'provider') return { ok: false, code: failureCodes[result.kind], detail: result.detail };
  return { ok: false, ...classifyProviderCode(result.code, visitorLeg, fromBrowser), detail: `provider ${result.code}: ${result.message}` };
}
