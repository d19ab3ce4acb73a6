import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';

/*
 * examples/ holds a plain HTML page, a React 19 app (the bare element), a React 18 app (the
 * click-to-call/react component, with React 18 of its own as an npm workspace), a Vue app, a
 * Svelte 5 app and an Angular app (an npm workspace too, built by the Angular CLI, which
 * type-checks its templates), each a few files that import the package by its name (so they use
 * dist/, as a user's bundler would).
 * This builds them, type-checks the React ones, and uses each in Chromium against a small fake
 * proxy, so none of them can rot.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ctc-examples-'));
const roots: Record<string, string> = { plain: resolve('examples/plain-html') };
const received: unknown[] = [];
let server: Server;
let base = '';
let calls = 0;

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const name of ['react', 'react18']) {
    const typeCheck = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `examples/${name}/tsconfig.json`], {
      encoding: 'utf8',
    });
    expect(typeCheck.status, `the ${name} example type-checks:\n${typeCheck.stdout}${typeCheck.stderr}`).toBe(0);
  }
  for (const name of ['react', 'react18', 'vue', 'svelte']) {
    const outDir = join(scratch, name);
    await build({ root: resolve(`examples/${name}`), base: './', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    roots[name] = outDir;
  }
  const angularOut = join(scratch, 'angular');
  const angular = spawnSync(
    process.execPath,
    [resolve('node_modules/@angular/cli/bin/ng.js'), 'build', '--output-path', angularOut, '--base-href', '/angular/'],
    { cwd: resolve('examples/angular'), encoding: 'utf8', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } },
  );
  expect(angular.status, `the angular example builds:\n${angular.stdout}${angular.stderr}`).toBe(0);
  roots.angular = join(angularOut, 'browser');
  // The React 18 app runs React 18 (its own), not the root's React 19.
  const react18 = readdirSync(join(roots.react18!, 'assets')).map((file) => readFileSync(join(roots.react18!, 'assets', file), 'utf8'));
  const bundled = react18.join('\n');
  expect(/version=[`"']18\.3\.1/.test(bundled), 'the React 18 app bundles React 18.3.1').toBe(true);
  expect(/version=[`"']19\./.test(bundled), 'and no React 19').toBe(false);

  server = createServer(async (request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    if (url.pathname === '/call' && request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += chunk;
      received.push(JSON.parse(text));
      return response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ status: 'success', callId: `example-${++calls}` }));
    }
    const [, example, ...rest] = url.pathname.split('/');
    const root = roots[example ?? ''];
    const file = rest.join('/') || 'index.html';
    const path = file === 'click-to-call.iife.js' ? resolve('dist/click-to-call.iife.js') : join(root ?? '', file);
    if (!root || !existsSync(path)) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => {
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const examples = [
  { name: 'plain', button: 'Call me' },
  { name: 'react', button: 'Ring me' },
  { name: 'react18', button: 'Ring me' },
  { name: 'vue', button: 'Call me' },
  { name: 'svelte', button: 'Call me' },
  { name: 'angular', button: 'Call me' },
];

for (const { name, button } of examples) {
  test(`the ${name} example renders the element, passes its options and hears its events`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/${name}/`);
    await page.getByLabel('Your phone number').fill('98765 43210');
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Calling you: example-\d+$/ })).toBeVisible();
    expect(received.at(-1)).toEqual({ phone: '98765 43210', fromRingTime: 20, toRingTime: 20 });
    expect(errors).toEqual([]);
  });
}
