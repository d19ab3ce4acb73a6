import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../scripts/worker-bundle.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';

/*
 * The package as a user gets it: packed from the working tree (npm runs the build on `prepare`),
 * installed into an empty folder with nothing else, then used by its documented entries.
 */
const root = resolve('.');
const scratch = mkdtempSync(join(tmpdir(), 'ctc-package-'));
const app = join(scratch, 'app');
let files: string[] = [];

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs the installed bin in the app folder until it prints its first lines, or exits. */
async function startBin(env: Record<string, string>) {
  const child = spawn(join(app, 'node_modules/.bin/click-to-call-proxy'), [], {
    cwd: app,
    env: { PATH: process.env.PATH!, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 15_000;
  while (!/listening on http:\S+\n.*\n.*\n/.test(output) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
  }
  return { child, output: () => output, url: /listening on (http:\S+)/.exec(output)?.[1] };
}

describe('the packed package, installed into an empty folder', () => {
  before(() => {
    // The build that `prepare` runs prints to the same stdout, before npm's JSON.
    const printed = npm(['pack', '--json', '--pack-destination', scratch], root);
    const [packed] = JSON.parse(printed.slice(printed.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((file) => file.path);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(['install', '--prefer-offline', join(scratch, packed!.filename)], app);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds the built files every entry points at, and no source map without its source', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const targets = [manifest.main, manifest.types, manifest.bin['click-to-call-proxy'], manifest.customElements];
    for (const entry of Object.values(manifest.exports) as (string | Record<string, string>)[]) {
      targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
    }
    for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, '')), `the package holds ${target}`);
    assert.deepEqual(
      files.filter((file) => file.endsWith('.map')),
      [],
    );
    assert.ok(files.includes('LICENSE') && files.includes('README.md'));
    for (const tag of ['hi', 'ta', 'bn'])
      assert.ok(files.includes(`dist/locales/${tag}.js`), `the package holds the ${tag} locale's script`);
  });

  it('ships the browser scripts as ASCII, so that no missing charset can garble their texts', () => {
    for (const file of ['click-to-call.iife.js', 'click-to-call.js', 'locales/hi.js', 'locales/ta.js', 'locales/bn.js', 'booking.js']) {
      const text = readFileSync(join(app, 'node_modules/click-to-call/dist', file), 'utf8');
      const nonAscii = [...text].find((character) => character.charCodeAt(0) > 0x7f);
      assert.equal(nonAscii, undefined, `dist/${file} holds a non-ASCII character`);
    }
  });

  it('installs with no Redis client: redis is an optional peer', () => {
    assert.ok(existsSync(join(app, 'node_modules/click-to-call/package.json')));
    assert.ok(
      !existsSync(join(app, 'node_modules/redis')) && !existsSync(join(app, 'node_modules/@redis')),
      'no Redis client was installed',
    );
  });

  it('imports every documented entry in Node', () => {
    writeFileSync(
      join(app, 'entries.mjs'),
      `const names = {};
for (const entry of [
  'click-to-call',
  'click-to-call/define',
  'click-to-call/register',
  'click-to-call/proxy',
  'click-to-call/simulator',
  'click-to-call/locales/hi',
  'click-to-call/booking',
]) {
  names[entry] = Object.keys(await import(entry)).sort();
}
console.log(JSON.stringify(names));`,
    );
    const names = JSON.parse(execFileSync(process.execPath, ['entries.mjs'], { cwd: app, encoding: 'utf8' })) as Record<string, string[]>;
    assert.ok(names['click-to-call']!.includes('ClickToCall'));
    assert.ok(names['click-to-call/define']!.includes('defineClickToCall'));
    assert.deepEqual(names['click-to-call/register'], []);
    assert.deepEqual(names['click-to-call/locales/hi'], ['hi']);
    assert.ok(names['click-to-call/booking']!.includes('booking'));
    for (const name of [
      'createClickToCallHandler',
      'nodeListener',
      'proxyFromEnvironment',
      'startProxyServer',
      'ConfigurationError',
      'MemoryStore',
      'RedisStore',
      'FallbackStore',
      'StoreUnavailableError',
    ]) {
      assert.ok(names['click-to-call/proxy']!.includes(name), `click-to-call/proxy exports ${name}`);
    }
    assert.ok(names['click-to-call/simulator']!.includes('ProviderSimulator'));
  });

  it('bundles click-to-call/proxy for a web runtime with no Node built-in, and places a call from inside workerd', async () => {
    // A Worker as its docs show it, bundled as Wrangler bundles it.
    writeFileSync(
      join(app, 'worker.mjs'),
      `import { createClickToCallHandler } from 'click-to-call/proxy';
let handler;
export default {
  fetch(request, env, ctx) {
    handler ??= createClickToCallHandler({ userId: env.SARV_USER_ID, token: env.SARV_TOKEN, apiUrl: env.SARV_API_URL, destination: env.CTC_DESTINATION, log: () => {} });
    return handler(request, { clientAddress: request.headers.get('CF-Connecting-IP') ?? undefined, waitUntil: (work) => ctx.waitUntil(work) });
  },
};`,
    );
    const bundled = await bundleWorker(join(app, 'worker.mjs'), app);
    const code = bundled.outputFiles[0]!.text;
    assert.equal(/from\s*["']node:|import\(["'](node:|redis|bullmq)/.test(code), false, 'no Node built-in, Redis client or queue');
    assert.ok(gzipSync(code).length < 80 * 1024, `the bundle is ${(gzipSync(code).length / 1024).toFixed(1)} KB gzipped`);

    const account = { userId: '27182818', token: `tok_${crypto.randomUUID()}` };
    const simulator = new ProviderSimulator(account);
    const { server, endpoint } = await serveSimulator(simulator);
    const runtime = new Miniflare({
      modules: true,
      script: code,
      compatibilityDate: '2025-09-01',
      bindings: { SARV_USER_ID: account.userId, SARV_TOKEN: account.token, SARV_API_URL: endpoint, CTC_DESTINATION: '9123456780' },
    });
    try {
      const response = await runtime.dispatchFetch('http://proxy.example/call', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://proxy.example', 'CF-Connecting-IP': '203.0.113.7' },
        body: JSON.stringify({ phone: '98765 43210' }),
      });
      const body = (await response.json()) as { status: string; callId: string };
      assert.deepEqual([response.status, body.status], [200, 'success']);
      assert.equal(simulator.calls.length, 1);
      assert.equal(simulator.calls[0]!.callId, body.callId);
      assert.equal(simulator.calls[0]!.from, '9876543210');
    } finally {
      await runtime.dispose();
      server.close();
    }
  });

  it('type-checks a store and a logger written against its declarations, without redis installed', () => {
    writeFileSync(
      join(app, 'uses.ts'),
      `import { createClickToCallHandler, MemoryStore, StoreUnavailableError } from 'click-to-call/proxy';
import type { RequestLogger, Store } from 'click-to-call/proxy';
import type { CtcSuccessDetail } from 'click-to-call';
const memory = new MemoryStore();
const store: Store = { ...memory, hit: (rules) => memory.hit(rules), unhit: (keys, receipt) => memory.unhit(keys, receipt),
  claim: (key, value, ttl) => memory.claim(key, value, ttl), put: (key, value, ttl) => memory.put(key, value, ttl),
  get: (key) => memory.get(key), release: (key) => memory.release(key), close: () => Promise.reject(new StoreUnavailableError('down')) };
const log: RequestLogger = (entry) => console.log(entry.status, entry.code ?? '');
export const handler = createClickToCallHandler({ userId: process.env.SARV_USER_ID!, token: process.env.SARV_TOKEN!, destination: '9123456780', store, log });
export const detail: CtcSuccessDetail | undefined = undefined;
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['uses.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
        cwd: app,
        encoding: 'utf8',
      });
    } catch (error) {
      assert.fail(`the declarations do not type-check:\n${(error as { stdout?: string }).stdout}`);
    }
  });

  it('runs npx click-to-call-proxy in simulator mode until /healthz answers, and places a simulated call', async () => {
    const bin = await startBin({});
    try {
      assert.ok(bin.url, bin.output());
      assert.match(bin.output(), /SIMULATOR MODE/);
      assert.deepEqual(await (await fetch(`${bin.url}/healthz`)).json(), {
        status: 'ok',
        mode: 'simulator',
        scheduler: { kind: 'memory', survivesRestart: false },
      });
      const call = await fetch(`${bin.url}/call`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"phone":"9876543210"}',
      });
      assert.equal(call.status, 200);
    } finally {
      bin.child.kill('SIGKILL');
    }
  });

  it('stops at start, naming REDIS_URL, when the redis package is not installed', async () => {
    const bin = await startBin({ REDIS_URL: 'redis://127.0.0.1:9' });
    const [code] = bin.child.exitCode === null ? await once(bin.child, 'exit') : [bin.child.exitCode];
    assert.equal(code, 1);
    assert.match(bin.output(), /REDIS_URL needs the redis package beside click-to-call: npm install redis/);
  });
});
