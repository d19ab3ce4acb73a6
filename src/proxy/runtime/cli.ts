#!/usr/bin/env node
// click-to-call-proxy: serves POST /call, its CORS preflight and GET /healthz, configured by the
// environment (docs/proxy.md). Without SARV_USER_ID and SARV_TOKEN it runs against the built-in
// simulator and says so on every start.
import { ConfigurationError } from '../options.js';
import { startProxyServer } from './server.js';

try {
  const proxy = await startProxyServer(process.env);
  // One write: whoever sees that it listens also sees whether it runs against the simulator.
  console.log(`click-to-call proxy listening on ${proxy.url} (POST /call, GET /healthz)\n${proxy.description}\n${proxy.settings}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the requests under way, then stopping.`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigurationError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error((error as Error).message);
    process.exit(1);
  }
  throw error;
}
