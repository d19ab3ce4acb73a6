import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Node's http, as the proxy's runtime (proxy/runtime/) and the simulator's server share it:
 * reading a request's headers and body, serving a web-standard handler, listening on a port.
 * Node-only: nothing under core/ or element/ imports it.
 */

export interface NodeRequestInfo {
  /** The socket's address. */
  clientAddress: string | undefined;
}

export type WebHandler = (request: Request, info: NodeRequestInfo) => Promise<Response>;

/** The most body bytes the simulator's listener reads; past it the request gets 413. */
export const maxBufferedBody = 1_048_576;

/** The request's URL, from its Host header (plain http: TLS ends before Node on these servers). */
export function requestUrl(incoming: IncomingMessage): URL {
  return new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
}

/*
 * Headers are read from headersDistinct, not headers: Node keeps only the first of a repeated
 * Content-Type, where a web Headers object joins them, so a doubled header reads the same here as
 * in any web runtime.
 */

/** One request header as a web Headers object gives it: repeated ones joined with ", ". */
export function nodeHeader(incoming: IncomingMessage, name: string): string | null {
  return incoming.headersDistinct[name.toLowerCase()]?.join(', ') ?? null;
}

/** The request's headers as a web Headers object. */
export function webHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(incoming.headersDistinct)) {
    for (const value of values ?? []) headers.append(name, value);
  }
  return headers;
}

/**
 * Reads the body into memory (it is small and bounded). Stops as soon as the body passes `limit`,
 * or before reading when its declared length does. Rejects when the client goes away before the
 * body's end, rather than waiting for the rest forever.
 */
export function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(nodeHeader(incoming, 'Content-Length') ?? 0) > limit) {
    incoming.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (settle: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else
        finish(() => {
          incoming.resume();
          resolve('too-large');
        });
    };
    const onEnd = () => finish(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error('the client closed the request before its end')));
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

async function sendWebResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  // The answers here are small JSON documents: one write, no stream to iterate.
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.length);
  outgoing.writeHead(response.status, headers);
  outgoing.end(body);
}

/** A Node request listener that answers with a web handler (the simulator's). */
export function webNodeListener(handler: WebHandler) {
  return async function answer(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    try {
      const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
      const body = hasBody ? await readNodeBody(incoming, maxBufferedBody) : undefined;
      if (body === 'too-large') return void outgoing.writeHead(413).end();
      const request = new Request(requestUrl(incoming), {
        method: incoming.method,
        headers: webHeaders(incoming),
        ...(body ? { body: new Uint8Array(body) } : {}),
      });
      const response = await handler(request, { clientAddress: incoming.socket.remoteAddress });
      await sendWebResponse(response, outgoing);
    } catch {
      // A malformed request line or a client gone mid-answer: nothing more can be said to it.
      if (!outgoing.headersSent) outgoing.writeHead(400, { 'Content-Type': 'application/json' });
      outgoing.end(
        outgoing.headersSent ? undefined : '{"status":"error","code":"invalid-request","message":"The request could not be understood."}',
      );
    }
  };
}

/**
 * Listens on `port` (0: any free one) and resolves with the server and its URL.
 *
 * @example
 * const { url } = await listen(createServer(listener), 0, '127.0.0.1');
 */
export async function listen(server: Server, port: number, host: string): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}` };
}
