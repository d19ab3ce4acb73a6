import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/*
 * Serving a web-standard handler (Request in, Response out) over Node's http: the proxy's
 * command line and the simulator both do it. Node-only; the element never imports this file.
 */

export interface NodeRequestInfo {
  /** The socket's address. */
  clientAddress: string | undefined;
}

export type WebHandler = (request: Request, info: NodeRequestInfo) => Promise<Response>;

export function toWebRequest(incoming: IncomingMessage, signal: AbortSignal): Request {
  const host = incoming.headers.host ?? 'localhost';
  const url = new URL(incoming.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  return new Request(url, {
    method: incoming.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
}

export async function sendWebResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  outgoing.writeHead(response.status, headers);
  if (!response.body) return void outgoing.end();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
  outgoing.end();
}

/** A Node request listener that answers with `handler`; a request whose client left is aborted. */
export function nodeListener(handler: WebHandler) {
  return async function listen(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    try {
      const request = toWebRequest(incoming, controller.signal);
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

export function serveWebHandler(handler: WebHandler, port: number, host: string): Promise<{ server: Server; url: string }> {
  return listen(createServer(nodeListener(handler)), port, host);
}
