import type { IncomingCall } from './incoming.js';
import { RequestTimeoutError } from './incoming.js';

export type JsonBody =
  | { ok: true; json: unknown }
  | { ok: false; code: 'unsupported-media-type' | 'body-too-large' | 'invalid-json' | 'invalid-request' | 'request-timeout' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What reading a body needs of a request: its headers and its bytes. */
type BodySource = Pick<IncomingCall, 'header' | 'body'>;

function isJson(call: BodySource): boolean {
  const mediaType = call.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Reads the request's body as JSON: declared as JSON, at most `limit` bytes, valid UTF-8, parseable. */
export async function readJsonBody(call: BodySource, limit: number): Promise<JsonBody> {
  if (!isJson(call)) return { ok: false, code: 'unsupported-media-type' };
  let bytes: Uint8Array | 'too-large';
  try {
    bytes = await call.body(limit);
  } catch (error) {
    // The client went away mid-body, or was cut off: nobody will read the answer, but the log line says what happened.
    return { ok: false, code: error instanceof RequestTimeoutError ? 'request-timeout' : 'invalid-request' };
  }
  if (bytes === 'too-large') return { ok: false, code: 'body-too-large' };
  // Nobody ever sees a refused body's SyntaxError, and capturing its stack trace was half of what
  // the parse costs when it fails, which is every request of a flood of junk.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { ok: true, json: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return { ok: false, code: 'invalid-json' };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
