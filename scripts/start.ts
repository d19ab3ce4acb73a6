// `npm start`: the demo page, the proxy on the same origin (POST /call, GET /healthz) and, without
// credentials, the built-in simulator behind it. One command on a fresh clone shows the whole
// flow; with SARV_USER_ID and SARV_TOKEN set, the same command places real calls and says so.
import type { Connect, Rolldown } from 'vite';
import { build, createServer } from 'vite';

type RolldownOutput = Rolldown.RolldownOutput;
type OutputChunk = Rolldown.OutputChunk;
import { nodeListener } from '../src/proxy/runtime/node-listener.js';
import { maskPhone } from '../src/proxy/http/log.js';
import { ConfigurationError } from '../src/proxy/options.js';
import { proxyFromEnvironment } from '../src/proxy/runtime/environment.js';

let proxy: ReturnType<typeof proxyFromEnvironment>;
try {
  proxy = proxyFromEnvironment(process.env);
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const answer = nodeListener(proxy.handler);

// The embed builder's snippets load the IIFE from this server, so a snippet copied from the demo
// works pasted into any local page. Built in memory (about a second): npm start leaves dist/ alone.
const outputs = (await build({ logLevel: 'warn', build: { write: false } })) as RolldownOutput[];
const iife = outputs
  .flatMap((output) => output.output)
  .find((chunk): chunk is OutputChunk => chunk.type === 'chunk' && chunk.fileName === 'click-to-call.iife.js')!.code;
const serveIife: Connect.NextHandleFunction = (_request, response) => {
  response.setHeader('Content-Type', 'text/javascript');
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.end(iife);
};

/** The simulator's record of accepted calls, numbers masked, so the demo can show what reached "the provider". */
const simulatorCalls: Connect.NextHandleFunction = (_request, response) => {
  const calls = (proxy.simulator?.calls ?? []).map((call) => ({
    callId: call.callId,
    from: call.fromType === 'Number' ? maskPhone(call.from) : call.from,
    to: call.toType === 'Number' ? maskPhone(call.to) : call.to,
    fromType: call.fromType,
    toType: call.toType,
    options: call.options,
    at: call.at.toISOString(),
  }));
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ simulated: Boolean(proxy.simulator), calls }));
};

const server = await createServer({
  root: 'demo',
  configFile: false,
  logLevel: 'warn',
  server: {
    host: proxy.server.host,
    port: proxy.server.port,
    // A port asked for is that port or an error; the default moves on to the next free one.
    strictPort: Boolean(process.env.PORT?.trim()),
    fs: { allow: ['..'] },
  },
  plugins: [
    {
      name: 'click-to-call-proxy',
      configureServer(vite) {
        vite.middlewares.use('/simulator/calls', simulatorCalls);
        vite.middlewares.use('/click-to-call.iife.js', serveIife);
        vite.middlewares.use((request, response, next) => {
          const path = request.url?.split('?')[0];
          if (path === '/call' || path === '/healthz' || /^\/(status|push-report)\//.test(path ?? '')) void answer(request, response);
          else next();
        });
      },
    },
  ],
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
proxy.connectSimulator(url);
// One write, so whoever sees the URL also sees whether calls are real.
console.log(
  [
    `click-to-call demo: ${url}`,
    `The proxy answers on the same origin: POST ${url}call, GET ${url}healthz`,
    proxy.description,
    proxy.settings,
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
