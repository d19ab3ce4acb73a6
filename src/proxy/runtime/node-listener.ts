import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHeader, readNodeBody, requestUrl, webHeaders } from '../../node/http.js';
import type { ClickToCallHandler } from '../handler.js';
import { errorAnswer, headersOf } from '../http/answers.js';
import type { Answer } from '../http/answers.js';
import type { IncomingCall } from '../http/incoming.js';

/** Reads a Node request for the handler, with no web Request, Headers or stream in between. */
export function fromNodeRequest(incoming: IncomingMessage): IncomingCall {
  let bytes: Buffer | undefined;
  const url = requestUrl(incoming);
  return {
    method: incoming.method ?? 'GET',
    url,
    header: (name) => nodeHeader(incoming, name),
    async body(limit) {
      const read = await readNodeBody(incoming, limit);
      if (read !== 'too-large') bytes = read;
      return read;
    },
    request() {
      const body = bytes && incoming.method !== 'GET' && incoming.method !== 'HEAD' ? { body: new Uint8Array(bytes) } : {};
      return new Request(url, { method: incoming.method, headers: webHeaders(incoming), ...body });
    },
  };
}

/**
 * A Node request listener for the click-to-call handler: mount it in `http.createServer`, or
 * in Express before any body parser. It gives the handler the socket's address.
 *
 * @example
 * const clickToCall = nodeListener(createClickToCallHandler(options));
 * createServer((request, response) => {
 *   if (request.url === '/call') return clickToCall(request, response);
 *   // ... the rest of your site
 * }).listen(3000);
 */
export function nodeListener(handler: ClickToCallHandler) {
  return async function listen(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    try {
      await send(outgoing, await handler.handleIncoming(fromNodeRequest(incoming), { clientAddress: incoming.socket.remoteAddress }));
    } catch {
      // A malformed request line or a client gone mid-answer: nothing more can be said to it.
      if (outgoing.headersSent) outgoing.end();
      else await send(outgoing, errorAnswer('invalid-request'));
    }
  };
}

async function send(outgoing: ServerResponse, answer: Answer): Promise<void> {
  if (!answer.stream) {
    outgoing.writeHead(answer.status, { ...headersOf(answer), 'Content-Length': String(Buffer.byteLength(answer.body)) });
    outgoing.end(answer.body);
    return;
  }
  outgoing.writeHead(answer.status, headersOf(answer));
  outgoing.flushHeaders();
  const reader = answer.stream.getReader();
  // The reader leaving ends the stream's work (its watch of the status, its timers).
  outgoing.on('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    outgoing.write(value);
  }
  outgoing.end();
}
