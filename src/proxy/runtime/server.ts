import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { listen } from '../../node/http.js';
import { proxyFromEnvironment } from './environment.js';
import type { Environment, ProxyFromEnvironment } from './environment.js';
import { nodeListener } from './node-listener.js';

export interface RunningProxy extends ProxyFromEnvironment {
  server: Server;
  url: string;
  /** Stops accepting connections and resolves once the requests under way have been answered. */
  close(): Promise<void>;
}

/**
 * Serves the proxy over Node's http as the environment configures it (PORT and HOST included).
 *
 * @example
 * const proxy = await startProxyServer(process.env);
 * console.log(`listening on ${proxy.url}`);
 */
export async function startProxyServer(env: Environment): Promise<RunningProxy> {
  const proxy = proxyFromEnvironment(env);
  const { server, url } = await listen(createServer(nodeListener(proxy.handler)), proxy.listenOn.port, proxy.listenOn.host);
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await proxy.close();
  };
  return { ...proxy, server, url, close };
}
