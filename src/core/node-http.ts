import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * Serving a web-standard handler (Request in, Response out) over Node's http, as the simulator
 * does, and listen(), which the proxy's server shares. The proxy answers Node requests through its
 * own listener (src/proxy/node.ts), without web objects. Node-only; the element never imports this.
 */

export interface NodeRequestInfo {
  /** The socket's address. */
  clientAddress: string | undefined;
}

export type WebHandler = (request: Request, info: NodeRequestInfo) => Promise<Response>;

/**
 * The most body bytes the adapter reads before handing the request over. Past it the handler
 * sees one byte too many and answers 413 itself; a declared Content-Length past it is not read at all.
 */
export const maxBufferedBody = 1_048_576;

/**
 * Reads the body into memory (it is small and bounded) rather than bridging Node's stream to a
 * web stream: under load the bridge measured as a large share of the proxy's time per request.
 */
async function readBody(incoming: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return undefined;
  if (Number(incoming.headers['content-length'] ?? 0) > maxBufferedBody) {
    incoming.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > maxBufferedBody) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBufferedBody + 1);
}

async function toWebRequest(incoming: IncomingMessage): Promise<Request> {
  const host = incoming.headers.host ?? 'localhost';
  const url = new URL(incoming.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const body = await readBody(incoming);
  return new Request(url, { method: incoming.method, headers, ...(body ? { body } : {}) });
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
      const request = await toWebRequest(incoming);
      const response = await handler(request, { clientAddress: incoming.socket.remoteAddress });
      await sendWebResponse(response, outgoing);
    } catch {
      // A malformed request line or a client gone mid-answer: nothing more can be said to it.
      if (!outgoing.headersSent) outgoing.writeHead(400, { 'Content-Type': 'application/json' });
      outgoing.end(outgoing.headersSent ? undefined : '{"status":"error","code":"invalid-request","message":"The request could not be understood."}');
    }
  };
}

/** Listens on `port` (0: any free one) and resolves with the server and its URL. */
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
