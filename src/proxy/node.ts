import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickToCallHandler } from './handler.js';
import type { IncomingCall } from './incoming.js';
import { headersOf } from './responses.js';

/** Reads a Node request for the handler, with no web Request, Headers or stream in between. */
export function fromNodeRequest(incoming: IncomingMessage): IncomingCall {
  const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
  let bytes: Buffer | undefined;
  // headersDistinct, not headers: Node keeps only the first of a repeated Content-Type, where a
  // web Headers object joins them; joined, a doubled header is refused the same on both paths.
  const header = (name: string) => incoming.headersDistinct[name.toLowerCase()]?.join(', ') ?? null;
  return {
    method: incoming.method ?? 'GET',
    url,
    header,
    async body(limit) {
      if (Number(header('content-length') ?? 0) > limit) {
        incoming.resume();
        return 'too-large';
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of incoming as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          incoming.resume();
          return 'too-large';
        }
        chunks.push(chunk);
      }
      return (bytes = Buffer.concat(chunks));
    },
    request() {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        else if (value !== undefined) headers.set(name, value);
      }
      const body = bytes && incoming.method !== 'GET' && incoming.method !== 'HEAD' ? { body: new Uint8Array(bytes) } : {};
      return new Request(url, { method: incoming.method, headers, ...body });
    },
  };
}

/**
 * A Node request listener for the click-to-call handler: mount it in `http.createServer`, or
 * in Express before any body parser. It gives the handler the socket's address.
 */
export function nodeListener(handler: ClickToCallHandler) {
  return async function listen(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    try {
      const answer = await handler.handleIncoming(fromNodeRequest(incoming), { clientAddress: incoming.socket.remoteAddress });
      outgoing.writeHead(answer.status, { ...headersOf(answer), 'Content-Length': String(Buffer.byteLength(answer.body)) });
      outgoing.end(answer.body);
    } catch {
      // A malformed request line or a client gone mid-answer: nothing more can be said to it.
      if (!outgoing.headersSent) outgoing.writeHead(400, { 'Content-Type': 'application/json' });
      outgoing.end(outgoing.headersSent ? undefined : '{"status":"error","code":"invalid-request","message":"The request could not be understood."}');
    }
  };
}
