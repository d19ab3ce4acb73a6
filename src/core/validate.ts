import { callOptionNames, callOptionRules, checkCallOption, serverOnlyParameters } from './call-options.js';
import type { CallRequest } from './call-options.js';
import { maxPhoneInputLength } from './phone-rules.js';

export type ShapeCheck = { ok: true; body: CallRequest } | { ok: false; code: string; field: string | undefined };

/**
 * The browser's check of a request body, free of dependencies so it fits the element's size
 * budget. It follows proxy/checks/schema.ts (the proxy's zod schema) rule for rule, in the same order, and a
 * test runs both over a corpus to prove they agree.
 */
export function checkCallRequestShape(body: unknown): ShapeCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: 'invalid-request', field: undefined };
  }
  const fields = body as Record<string, unknown>;
  const phone = fields.phone;
  if (phone === undefined) return { ok: false, code: 'empty', field: 'phone' };
  if (typeof phone !== 'string') return { ok: false, code: 'invalid-request', field: 'phone' };
  const trimmed = phone.trim();
  if (trimmed === '') return { ok: false, code: 'empty', field: 'phone' };
  if (trimmed.length > maxPhoneInputLength) return { ok: false, code: 'too-long', field: 'phone' };

  for (const name of callOptionNames) {
    if (fields[name] === undefined) continue;
    const code = checkCallOption(callOptionRules[name], fields[name]);
    if (code) return { ok: false, code, field: name };
  }
  for (const name of serverOnlyParameters) {
    if (fields[name] !== undefined) return { ok: false, code: 'option-not-allowed', field: name };
  }
  return { ok: true, body: { ...fields, phone: trimmed } as CallRequest };
}
