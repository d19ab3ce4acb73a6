// `npm start`: the demo page, the proxy on the same origin (POST /call, GET /healthz) and, without
// credentials, the built-in simulator behind it. One command on a fresh clone shows the whole
// flow; with SARV_USER_ID and SARV_TOKEN set, the same command places real calls and says so.
import { createServer as createHttpServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Connect, Rolldown } from 'vite';
import { build, createServer } from 'vite';
import { buildLocales } from './build-locales.mjs';

type RolldownOutput = Rolldown.RolldownOutput;
type OutputChunk = Rolldown.OutputChunk;
import { nodeListener } from '../src/proxy/runtime/node-listener.js';
import { maskPhone } from '../src/proxy/http/log.js';
import { ConfigurationError } from '../src/proxy/options.js';
import { MemoryStore } from '../src/proxy/protection/stores/memory.js';
import { proxyFromEnvironment } from '../src/proxy/runtime/environment.js';

// With no credentials no phone can ring: a snippet pasted into any page, on any origin or opened
// from a file, may then call this proxy. With real ones, CTC_ALLOWED_ORIGINS decides, exactly.
const simulated = !process.env.SARV_USER_ID?.trim() && !process.env.SARV_TOKEN?.trim();
const anyOrigin = simulated && !process.env.CTC_ALLOWED_ORIGINS?.trim();

/** What the business's own system would see: each signed event webhook, checked as a receiver checks it. */
const receivedEvents: { id: string; type: string; state: string; phone: string; verified: boolean; at: string }[] = [];
/** Simulator mode, unless the environment says otherwise: the business side shown at work. */
async function demoBusiness(): Promise<Record<string, string>> {
  if (!simulated) return {};
  const defaults: Record<string, string> = {
    // Open now: bookable every minute for the next day, so a call booked a minute ahead rings soon.
    CTC_OPENING_HOURS: 'Mon-Sun 00:00-24:00',
    CTC_SCHEDULE_STEP: '1',
    CTC_SCHEDULE_DAYS: '1',
    // A number ending in 1 goes unanswered (the simulator's rule): redialled once, 30 seconds on.
    CTC_REDIAL: 'no-answer:1x30s',
  };
  if (process.env.CTC_EVENTS_URL?.trim()) return defaults;
  // The business's webhook receiver, on a port of its own: the proxy needs its address before it listens.
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const verifier = new Webhook(secret);
  const receiver = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    request.on('end', () => {
      // The Standard Webhooks check a business's receiver makes: signature, then freshness.
      let event: { type?: string; data?: { state?: string; phone?: string } } | undefined;
      let verified = true;
      try {
        event = verifier.verify(body, request.headers as Record<string, string>) as typeof event;
      } catch {
        verified = false;
      }
      receivedEvents.unshift({
        id: String(request.headers['webhook-id']),
        type: event?.type ?? '(unverified)',
        state: event?.data?.state ?? '',
        phone: maskPhone(event?.data?.phone ?? ''),
        verified,
        at: new Date().toISOString(),
      });
      receivedEvents.length = Math.min(receivedEvents.length, 50);
      response.statusCode = verified ? 204 : 400;
      response.end();
    });
  });
  await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', listening));
  const { port } = receiver.address() as { port: number };
  receiver.unref();
  return { ...defaults, CTC_EVENTS_URL: `http://127.0.0.1:${port}/events`, CTC_EVENTS_SECRET: secret };
}

let proxy: ReturnType<typeof proxyFromEnvironment>;
try {
  proxy = proxyFromEnvironment({ ...(await demoBusiness()), ...process.env }, anyOrigin ? { allowedOrigins: ['*'] } : {});
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
// The separately loaded locales and the booking add-on, as the snippet's script tags ask for them (/locales/hi.js, /booking.js).
const localeScripts = await buildLocales(false);
/** Answers with a script any page may load, as a CDN would. */
function sendScript(response: ServerResponse, code: string): void {
  response.setHeader('Content-Type', 'text/javascript');
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.end(code);
}

const serveLocale: Connect.NextHandleFunction = (request, response, next) => {
  const code = localeScripts[request.url?.replace(/^\//, '').replace(/\.js(\?.*)?$/, '') ?? ''];
  if (code === undefined) return next();
  sendScript(response, code);
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

/** Simulator mode only: forgets every limit and double-submit window, so the demo can be tried again at once. */
const resetLimits: Connect.NextHandleFunction = (request, response) => {
  const store = proxy.store;
  if (request.method !== 'POST' || !proxy.simulator || !(store instanceof MemoryStore)) {
    response.statusCode = 404;
    response.end();
    return;
  }
  store.clear();
  proxy.simulator.calls.length = 0;
  response.setHeader('Content-Type', 'application/json');
  response.end('{"reset":true}');
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
    // Vite's own CORS would answer preflights before the proxy could apply its origin rules.
    cors: false,
  },
  plugins: [
    {
      name: 'click-to-call-proxy',
      configureServer(vite) {
        vite.middlewares.use('/simulator/calls', simulatorCalls);
        vite.middlewares.use('/simulator/reset', resetLimits);
        vite.middlewares.use('/demo/events', (_request, response) => {
          response.setHeader('Content-Type', 'application/json');
          response.end(JSON.stringify({ events: receivedEvents }));
        });
        vite.middlewares.use('/robots.txt', (_request, response) => {
          response.setHeader('Content-Type', 'text/plain; charset=utf-8');
          response.end('User-agent: *\nDisallow: /\n');
        });
        vite.middlewares.use('/click-to-call.iife.js', (_request, response) => sendScript(response, iife));
        vite.middlewares.use('/locales', serveLocale);
        vite.middlewares.use('/booking.js', (_request, response) => sendScript(response, localeScripts.booking!));
        vite.middlewares.use((request, response, next) => {
          const path = request.url?.split('?')[0];
          if (['/call', '/healthz', '/availability'].includes(path ?? '') || /^\/(status|push-report)\//.test(path ?? '')) {
            void answer(request, response);
          } else next();
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
    ...(anyOrigin ? ['Pages on any origin, file:// included, may call this proxy: no phone rings in simulator mode.'] : []),
    proxy.settings,
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
