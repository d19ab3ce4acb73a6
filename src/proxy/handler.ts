import { parseCallRequest } from '../core/schema.js';
import { maskPhone } from './log.js';
import type { RequestLogEntry } from './log.js';
import { checkOrigin, preflightHeaders } from './origin.js';
import { resolveOptions } from './options.js';
import type { ClickToCallOptions } from './options.js';
import { readVisitorPhone } from './phone.js';
import { applyCallPolicy } from './policy.js';
import { classifyProviderCode } from './provider-codes.js';
import type { VisitorLeg } from './provider-codes.js';
import { json, jsonError, jsonSuccess } from './responses.js';
import type { ErrorDetails } from './responses.js';
import { callParameters, placeCall } from './upstream.js';

export type ClickToCallHandler = (request: Request) => Promise<Response>;

/** What the handler learns of a request, for its log line. */
type Notes = Partial<Pick<RequestLogEntry, 'code' | 'phone' | 'callId' | 'detail' | 'origin'>>;

/** An error answer whose code also goes into the request's log line. */
function refuse(notes: Notes, status: number, code: string, details?: ErrorDetails): Response {
  notes.code = code;
  return jsonError(status, code, details);
}

type BodyRead = { ok: true; text: string } | { ok: false; code: 'body-too-large' | 'invalid-json' };

async function readLimitedBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > limit) return { ok: false, code: 'body-too-large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, code: 'body-too-large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, code: 'invalid-json' };
  }
}

function isJson(request: Request): boolean {
  const mediaType = request.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Creates the proxy's request handler: web-standard Request in, Response out, so it runs in Node
 * (see node.ts), in an edge runtime, or inside an existing server. The options are checked here,
 * once: a bad configuration throws a ConfigurationError naming the setting.
 */
export function createClickToCallHandler(input: ClickToCallOptions): ClickToCallHandler {
  const options = resolveOptions(input);
  const callPath = `${options.basePath}/call`;
  const healthPath = `${options.basePath}/healthz`;
  const visitorLeg: VisitorLeg = options.callFirst === 'visitor' ? 'from' : 'to';

  async function placeVisitorCall(request: Request, notes: Notes): Promise<Response> {
    const origin = checkOrigin(request, options);
    if (!origin.allowed) return refuse(notes, 403, 'origin-not-allowed');
    const cors = origin.corsHeaders;
    if (!isJson(request)) return refuse(notes, 415, 'unsupported-media-type', { headers: cors });

    const read = await readLimitedBody(request, options.maxBodyBytes);
    if (!read.ok) return refuse(notes, read.code === 'body-too-large' ? 413 : 400, read.code, { headers: cors });
    let raw: unknown;
    try {
      raw = JSON.parse(read.text);
    } catch {
      return refuse(notes, 400, 'invalid-json', { headers: cors });
    }

    const parsed = parseCallRequest(raw);
    if (!parsed.ok) {
      const [first] = parsed.issues;
      return refuse(notes, 400, first!.code, { field: first!.field, issues: parsed.issues, headers: cors });
    }
    const phone = readVisitorPhone(parsed.body.phone, options);
    notes.phone = maskPhone(parsed.body.phone);
    if (!phone.ok) return refuse(notes, 400, phone.reason, { field: 'phone', headers: cors });
    const policy = applyCallPolicy(parsed.body, options);
    if (!policy.ok) return refuse(notes, 400, policy.code, { field: policy.field, headers: cors });

    const result = await placeCall(callParameters(phone.upstream, policy.callOptions, options), options);
    if (result.ok) {
      notes.callId = result.callId;
      return jsonSuccess({ status: 'success', callId: result.callId }, cors);
    }
    if (result.kind !== 'provider') {
      notes.detail = result.detail;
      const [status, code] = {
        unreachable: [502, 'upstream-unreachable'],
        timeout: [504, 'upstream-timeout'],
        'bad-response': [502, 'upstream-bad-response'],
      }[result.kind] as [number, string];
      return refuse(notes, status, code, { headers: cors });
    }
    notes.detail = `provider ${result.code}: ${result.message}`;
    const fault = classifyProviderCode(result.code, visitorLeg, policy.fromBrowser);
    if (fault.kind === 'visitor') return refuse(notes, 400, result.code, { field: fault.field, headers: cors });
    return refuse(notes, fault.status, fault.code, { headers: cors });
  }

  async function route(request: Request, path: string, notes: Notes): Promise<Response> {
    if (path === healthPath) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse(notes, 405, 'method-not-allowed', { headers: { Allow: 'GET, HEAD' } });
      }
      return json(200, { status: 'ok', mode: options.mode });
    }
    if (path !== callPath) return refuse(notes, 404, 'not-found');
    if (request.method === 'OPTIONS') {
      const origin = checkOrigin(request, options);
      if (!origin.allowed) return refuse(notes, 403, 'origin-not-allowed');
      return new Response(null, { status: 204, headers: { ...origin.corsHeaders, ...preflightHeaders } });
    }
    if (request.method !== 'POST') return refuse(notes, 405, 'method-not-allowed', { headers: { Allow: 'POST, OPTIONS' } });
    return placeVisitorCall(request, notes);
  }

  return async function handleClickToCall(request: Request): Promise<Response> {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const notes: Notes = {};
    const origin = request.headers.get('Origin');
    if (origin) notes.origin = origin;
    let response: Response;
    try {
      response = await route(request, path, notes);
    } catch (error) {
      notes.detail = `unexpected: ${(error as Error).name}: ${(error as Error).message}`;
      response = refuse(notes, 500, 'internal-error');
    }
    options.log({
      time: new Date().toISOString(),
      method: request.method,
      path,
      status: response.status,
      outcome: response.status < 300 ? 'success' : response.status < 500 ? 'refused' : 'failed',
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      ...notes,
    });
    return response;
  };
}

