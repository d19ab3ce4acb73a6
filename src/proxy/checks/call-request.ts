import type { CallOptionName, CallOptions } from '../../core/call-options.js';
import type { CallPolicy } from './call-policy.js';
import { applyCallPolicy } from './call-policy.js';
import { readConsent } from './consent.js';
import type { ConsentPolicy, ConsentReceipt } from './consent.js';
import { parseCallRequest } from './schema.js';
import type { SchemaIssue } from './schema.js';
import type { ScreeningPolicy } from './screening.js';
import { screenNumber } from './screening.js';
import type { PhonePolicy } from './visitor-phone.js';
import { readVisitorPhone } from './visitor-phone.js';

export type CallRequestPolicy = PhonePolicy & CallPolicy & ScreeningPolicy & ConsentPolicy;

/** A request that passed every check of its own content: what the protections and the provider need. */
export interface CheckedCall {
  /** The body as parsed, extra fields (a CAPTCHA answer) included. */
  body: Record<string, unknown>;
  /** The visitor's number in E.164, with the plus. */
  e164: string;
  /** The visitor's number as the provider takes it. */
  upstreamNumber: string;
  callOptions: CallOptions;
  /** The call options the browser set, so a provider fault in one of them is reported as the visitor's. */
  fromBrowser: readonly CallOptionName[];
  /** What the visitor agreed to, when the request says. */
  consent: ConsentReceipt | undefined;
}

export type CallRequestVerdict = (
  | { ok: true; call: CheckedCall }
  | { ok: false; code: string; field?: string | undefined; issues?: SchemaIssue[] }
) & {
  /** What the visitor typed as their number, once the body is known to hold one (for the log, masked). */
  phone?: string;
};

/** The checks of a request's body, in order: its shape, the number, the call options, the number's screening, the visitor's consent. */
export function checkCallRequest(json: unknown, policy: CallRequestPolicy): CallRequestVerdict {
  const parsed = parseCallRequest(json);
  if (!parsed.ok) {
    const [first] = parsed.issues;
    return { ok: false, code: first!.code, field: first!.field, issues: parsed.issues };
  }
  const { body } = parsed;
  const phone = readVisitorPhone(body.phone, policy);
  if (!phone.ok) return { ok: false, code: phone.reason, field: 'phone', phone: body.phone };
  const options = applyCallPolicy(body, policy);
  if (!options.ok) return { ok: false, code: options.code, field: options.field, phone: body.phone };
  const screening = screenNumber(phone.e164, phone.type, policy);
  if (!screening.ok) return { ok: false, code: screening.code, field: 'phone', phone: body.phone };
  const consent = readConsent(body);
  if (policy.requireConsent && !consent) return { ok: false, code: 'consent-required', field: 'consent', phone: body.phone };
  return {
    ok: true,
    phone: body.phone,
    call: {
      body,
      e164: phone.e164,
      upstreamNumber: phone.upstream,
      callOptions: options.callOptions,
      fromBrowser: options.fromBrowser,
      consent,
    },
  };
}
