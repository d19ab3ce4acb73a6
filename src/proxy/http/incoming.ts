/**
 * What the handler reads of a request, whichever server received it: a web Request (edge
 * runtimes, tests) or Node's IncomingMessage (runtime/node-listener.ts).
 */
export interface IncomingCall {
  method: string;
  url: URL;
  header(name: string): string | null;
  /**
   * The body's bytes, or `too-large` as soon as they pass `limit` (or its declared length does).
   * Rejects when the client goes away mid-body, with RequestTimeoutError when the server cut a
   * request that took too long to arrive.
   */
  body(limit: number): Promise<Uint8Array | 'too-large'>;
  /** The request as a web Request, made only when asked for (by a verify hook). */
  request(): Request;
}

/** The server cut a request whose body took too long to arrive (a client trickling it, say). */
export class RequestTimeoutError extends Error {
  constructor() {
    super('the request took too long to arrive');
    this.name = 'RequestTimeoutError';
  }
}

/** What the server around the handler knows of a request and the request itself does not say. */
export interface RequestContext {
  /** The client's address as the socket sees it (Node), or as the platform reports it (CF-Connecting-IP, ...). */
  clientAddress?: string | undefined;
  /**
   * Keeps the runtime alive for work that goes on after the answer (the log line of a push
   * report, written once its reports are applied): pass the platform's, such as a Worker's
   * `ctx.waitUntil`. Node needs none.
   */
  waitUntil?: ((work: Promise<unknown>) => void) | undefined;
}

/** Reads a web-standard Request for the handler. */
export function fromWebRequest(request: Request): IncomingCall {
  let bytes: Uint8Array | undefined;
  return {
    method: request.method,
    url: new URL(request.url),
    header: (name) => request.headers.get(name),
    async body(limit) {
      if (Number(request.headers.get('Content-Length') ?? 0) > limit) return 'too-large';
      if (!request.body) {
        bytes = new Uint8Array();
        return bytes;
      }
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel();
          return 'too-large';
        }
        chunks.push(value);
      }
      bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return bytes;
    },
    // Its body has been read by then: a copy carries the bytes the handler saw.
    request: () => (bytes ? new Request(request, { body: bytes as Uint8Array<ArrayBuffer> }) : request),
  };
}
