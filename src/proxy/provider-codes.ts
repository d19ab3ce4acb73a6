import { callOptionRules } from '../core/call-options.js';
import type { CallOptionName } from '../core/call-options.js';

/** Which leg of the upstream call is the visitor's: `from` is rung first. */
export type VisitorLeg = 'from' | 'to';

export type ProviderFault =
  /** About what the visitor typed or chose: passes through with its code. */
  | { kind: 'visitor'; status: 400; field: string }
  /** Nobody of the business can take the call now: the visitor may try later. */
  | { kind: 'unavailable'; status: 503; code: 'destination-unavailable' }
  /** The provider's own trouble, likely to pass. */
  | { kind: 'transient'; status: 502; code: 'upstream-error' }
  /** The account's set-up (credentials, ids, destination): the visitor sees a generic message. */
  | { kind: 'account'; status: 502; code: 'provider-rejected' };

/** The provider's number faults for each leg (invalid, duplicate, too many, several, DND). */
const legCodes: Record<VisitorLeg, readonly string[]> = {
  from: ['1508', '1510', '1552', '1576', '1573'],
  to: ['1509', '1511', '1553', '1577', '1574'],
};

const unavailableCodes = new Set(['1536', '1537', '1538', '1540', '1541', '1542', '1543', '1544', '1578', '1579']);
const transientCodes = new Set(['1501', '1575']);

function optionWithCode(code: string): CallOptionName | undefined {
  return (Object.keys(callOptionRules) as CallOptionName[]).find((name) =>
    Object.values(callOptionRules[name]).includes(code),
  );
}

/**
 * Sorts a provider error code by whom it concerns. `browserOptions` are the options the
 * visitor's request set: a range fault in one of those is the visitor's, in any other it is
 * the server's configuration.
 */
export function classifyProviderCode(code: string, visitorLeg: VisitorLeg, browserOptions: readonly string[]): ProviderFault {
  if (legCodes[visitorLeg].includes(code) || code === '1520') return { kind: 'visitor', status: 400, field: 'phone' };
  const option = optionWithCode(code);
  if (option && browserOptions.includes(option)) return { kind: 'visitor', status: 400, field: option };
  if (unavailableCodes.has(code)) return { kind: 'unavailable', status: 503, code: 'destination-unavailable' };
  if (transientCodes.has(code)) return { kind: 'transient', status: 502, code: 'upstream-error' };
  return { kind: 'account', status: 502, code: 'provider-rejected' };
}
