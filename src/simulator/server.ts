import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { listen, webNodeListener } from '../node/http.js';
import type { ProviderSimulator } from './simulator.js';

/**
 * Serves a simulator on a port, so a proxy in another process can reach it over HTTP. Here
 * `drop` closes the socket without an answer and `hang` keeps it open until the caller leaves.
 *
 * @example
 * const { endpoint } = await serveSimulator(new ProviderSimulator());
 * // SARV_API_URL=<endpoint> with the simulator's account: the proxy in another process calls it
 */
export async function serveSimulator(
  simulator: ProviderSimulator,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string; endpoint: string }> {
  const answer = webNodeListener((request) => simulator.handle(request));
  const server = createServer((incoming, outgoing) => {
    const kind = simulator.misbehaviour?.kind;
    if (kind === 'drop' || kind === 'hang') {
      simulator.requests += 1;
      if (kind === 'drop') incoming.socket.destroy();
      return;
    }
    void answer(incoming, outgoing);
  });
  const { url } = await listen(server, port, host);
  return { server, url, endpoint: `${url}/v2/clickToCall/para` };
}
