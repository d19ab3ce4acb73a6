import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { listen } from '../../node/http.js';
import { errorAnswer, headersOf } from '../http/answers.js';
import { RequestTimeoutError } from '../http/incoming.js';
import { jsonLineLogger } from '../http/log.js';
import type { RequestLogger } from '../http/log.js';
import { proxyFromEnvironment } from './environment.js';
import type { Environment, ProxyFromEnvironment } from './environment.js';
import { nodeListener } from './node-listener.js';
import type { ServerOptions } from './server-options.js';

export interface RunningProxy extends ProxyFromEnvironment {
  httpServer: Server;
  url: string;
  /** Stops accepting connections and resolves once the requests under way have been answered. */
  close(): Promise<void>;
}

/** An answer written straight onto a socket, for a request the handler never saw. */
function rawAnswer(code: string): string {
  const answer = errorAnswer(code, { headers: { Connection: 'close' } });
  const headers = Object.entries({ ...headersOf(answer), 'Content-Length': String(Buffer.byteLength(answer.body)) });
  return `HTTP/1.1 ${answer.status} ${code}\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${answer.body}`;
}

/**
 * A Node http server for the handler that no client can hold for long: the headers, the whole
 * request and an idle keep-alive connection each have a deadline, and the connections open at
 * once a bound. Every request cut short writes one log line: one the handler never saw (slow or
 * broken headers) here, one it was reading when it was cut (a trickling body) through the handler
 * itself, as `request-timeout`.
 */
function boundedServer(proxy: ProxyFromEnvironment, settings: ServerOptions, log: RequestLogger): Server {
  const answer = nodeListener(proxy.handler);
  /** The request each socket is in the middle of, so a cut can end its body's read. */
  const reading = new WeakMap<Duplex, IncomingMessage>();
  const openedAt = new WeakMap<Duplex, number>();
  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      // How often the deadlines are checked (Node's default is every 30 s).
      connectionsCheckingInterval: Math.min(1000, settings.headersTimeoutMs / 2),
    },
    (incoming, outgoing) => {
      reading.set(incoming.socket, incoming);
      outgoing.on('close', () => reading.delete(incoming.socket));
      void answer(incoming, outgoing);
    },
  );
  server.maxConnections = settings.maxConnections;
  server.on('connection', (socket) => openedAt.set(socket, performance.now()));
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request-timeout' : 'invalid-request';
    const request = reading.get(socket);
    if (code === 'request-timeout' && request) {
      // The handler is reading this body: it answers and logs the cut itself.
      request.destroy(new RequestTimeoutError());
      return;
    }
    if (error.code !== 'ECONNRESET' && socket.writable) {
      log({
        time: new Date().toISOString(),
        method: 'unknown',
        path: 'unknown',
        status: code === 'request-timeout' ? 408 : 400,
        outcome: 'refused',
        code,
        latencyMs: Math.round(performance.now() - (openedAt.get(socket) ?? performance.now())),
        detail: `before the request's headers were read: ${error.code ?? error.message}`,
      });
      socket.end(rawAnswer(code));
    }
    socket.destroy();
  });
  let dropped = 0;
  server.on('drop', () => {
    // One line a second at most: a flood of connections must not become a flood of log lines.
    if (dropped++ > 0) return;
    setTimeout(() => {
      console.error(
        JSON.stringify({ time: new Date().toISOString(), connections: 'dropped', count: dropped, maxConnections: settings.maxConnections }),
      );
      dropped = 0;
    }, 1000).unref();
  });
  return server;
}

/**
 * Serves the proxy over Node's http as the environment configures it: PORT, HOST and the
 * connection bounds included.
 *
 * @example
 * const proxy = await startProxyServer(process.env);
 * console.log(`listening on ${proxy.url}`);
 */
export async function startProxyServer(env: Environment): Promise<RunningProxy> {
  const proxy = proxyFromEnvironment(env);
  const log = proxy.options.log ?? jsonLineLogger;
  const { server, url } = await listen(boundedServer(proxy, proxy.server, log), proxy.server.port, proxy.server.host);
  proxy.connectSimulator(url);
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await proxy.close();
  };
  return { ...proxy, httpServer: server, url, close };
}
