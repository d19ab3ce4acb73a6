/** One call's report as the proxy uses it; every field the provider left absent is undefined. */
export interface PushReport {
  callId: string;
  /** The provider's `callStatus`, 3 to 21 when it follows its table. */
  callStatus: number | undefined;
  talkSeconds: number | undefined;
}

export type PushReportReading = { ok: true; reports: PushReport[]; skipped: number } | { ok: false; problem: string };

/**
 * What the provider's panels send for "no value": an unexpanded template placeholder such as
 * `{{%%recordings%%}}`, and the zero dates.
 */
function absent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return text === '0' || text === '0000-00-00 00:00:00' || /^\{\{%%.*%%\}\}$/.test(text);
}

function integer(value: unknown): number | undefined {
  if (absent(value) && value !== '0') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

function reportOf(value: unknown): PushReport | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  const callId = fields.callId;
  if (typeof callId !== 'string' || absent(callId)) return undefined;
  return { callId: callId.trim(), callStatus: integer(fields.callStatus), talkSeconds: integer(fields.talkDuration) };
}

/** The JSON a body holds: itself, or the `push_report` field of a form post. */
function jsonOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed;
  const field = new URLSearchParams(trimmed).get('push_report');
  return field ?? undefined;
}

/**
 * Reads a push-report body in each form the provider's panels send: a JSON object, a JSON array
 * of them, or a form post with one field `push_report=<json>`, whatever the Content-Type says
 * (panels differ). An entry without a call id (the `{}` of an unconfigured template) is skipped.
 */
export function readPushReports(text: string): PushReportReading {
  const json = jsonOf(text);
  if (json === undefined) return { ok: false, problem: 'neither JSON nor a push_report form field' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'push report is not valid JSON' };
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const reports = entries.map(reportOf).filter((report) => report !== undefined);
  return { ok: true, reports, skipped: entries.length - reports.length };
}
