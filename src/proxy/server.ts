import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { listen } from '../core/node-http.js';
import { proxyFromEnvironment } from './config.js';
import type { Environment, ProxyFromEnvironment } from './config.js';
import { nodeListener } from './node.js';
import { ConfigurationError } from './options.js';

export interface RunningProxy extends ProxyFromEnvironment {
  server: Server;
  url: string;
  /** Stops accepting connections and resolves once the requests under way have been answered. */
  close(): Promise<void>;
}

function port(env: Environment): number {
  const text = env['PORT']?.trim() || '8787';
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new ConfigurationError('PORT', 'must be a port number (0-65535)');
  return value;
}

/** Serves the proxy over Node's http as the environment configures it. */
export async function startProxyServer(env: Environment): Promise<RunningProxy> {
  const proxy = proxyFromEnvironment(env);
  const { server, url } = await listen(createServer(nodeListener(proxy.handler)), port(env), env['HOST']?.trim() || '127.0.0.1');
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await proxy.close();
  };
  return { ...proxy, server, url, close };
}
