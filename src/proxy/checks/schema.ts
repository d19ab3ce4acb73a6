import * as z from 'zod/mini';
import { callOptionRules, serverOnlyParameters } from '../../core/call-options.js';
import type { CallOptionRule, CallRequest } from '../../core/call-options.js';
import { maxPhoneInputLength } from '../../core/phone-rules.js';

/*
 * The proxy's schema of a request body. Every issue's message is the error code the proxy
 * answers with, and the first issue's path names the field. core/validate.ts is the browser's
 * twin, free of dependencies. zod/mini rather than zod: the same checks, in a fraction of the
 * bytes an edge runtime's bundle carries.
 */

function optionSchema(rule: CallOptionRule) {
  if (rule.kind === 'choice') return z.enum(rule.values as [string, ...string[]], { error: rule.invalid });
  const integer = z
    .int({ error: rule.invalid })
    .check(z.nonnegative({ error: rule.negative }), z.minimum(rule.min, { error: rule.invalid }));
  return rule.max === undefined ? integer : integer.check(z.maximum(rule.max, { error: rule.tooLarge }));
}

const optionShape = Object.fromEntries(Object.entries(callOptionRules).map(([name, rule]) => [name, z.optional(optionSchema(rule))]));

const serverOnlyShape = Object.fromEntries(
  serverOnlyParameters.map((name) => [name, z.optional(z.never({ error: 'option-not-allowed' }))]),
);

export const callRequestSchema = z.looseObject(
  {
    phone: z
      .string({ error: (issue) => (issue.input === undefined ? 'empty' : 'invalid-request') })
      .check(z.trim(), z.minLength(1, { error: 'empty' }), z.maxLength(maxPhoneInputLength, { error: 'too-long' })),
    /** A later time for the call (a slot of /availability), ISO 8601 with an offset. */
    at: z.optional(z.iso.datetime({ offset: true, error: 'invalid-time' })),
    ...optionShape,
    ...serverOnlyShape,
  },
  { error: 'invalid-request' },
);

export interface SchemaIssue {
  code: string;
  field: string | undefined;
}

/** Parses a body into a CallRequest, or the issues as the proxy reports them (first one first). */
export function parseCallRequest(body: unknown): { ok: true; body: CallRequest } | { ok: false; issues: SchemaIssue[] } {
  const result = callRequestSchema.safeParse(body);
  if (result.success) return { ok: true, body: result.data as CallRequest };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      code: issue.message,
      field: typeof issue.path[0] === 'string' ? issue.path[0] : undefined,
    })),
  };
}
