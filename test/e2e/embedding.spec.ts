import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, startNodeScript } from '../../scripts/processes.js';
import { ProviderSimulator, serveSimulator } from '../../src/simulator/index.js';

/*
 * The marketer's set-up, end to end: a static page on one origin loads the IIFE build with a
 * plain <script> tag; the command-line proxy runs on another origin (listed in
 * CTC_ALLOWED_ORIGINS) with real-looking credentials, in front of the provider simulator.
 */
// Made afresh for each run: no credential is written in the repository, not even a test's.
const account = { userId: '5550001234', token: `e2e-${crypto.randomUUID()}` };
const destination = '9123456780';
const simulator = new ProviderSimulator(account);
let simulatorServer: Awaited<ReturnType<typeof serveSimulator>>;
let proxy: ChildProcess;
let proxyUrl = '';
let site: Server;
let siteUrl = '';

const iife = () => readFileSync('dist/click-to-call.iife.js');

function page(body: string, title = 'Embedding test'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/site.css"></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

const pages: Record<string, () => { html: string; headers?: Record<string, string> }> = {
  '/one.html': () => ({
    html: page(`<script src="/click-to-call.iife.js"></script><click-to-call proxy-url="${proxyUrl}/call"></click-to-call>`),
  }),
  '/down.html': () => ({
    html: page('<script src="/click-to-call.iife.js"></script><click-to-call proxy-url="http://127.0.0.1:9/call"></click-to-call>'),
  }),
  '/twice.html': () => ({
    html: page(`<script src="/click-to-call.iife.js"></script><script src="/other.js"></script>
<click-to-call id="first" proxy-url="${proxyUrl}/call" ring-time="15" label="Sales line"></click-to-call>
<script src="/click-to-call.iife.js"></script>
<click-to-call id="second" proxy-url="${proxyUrl}/call" time-limit="300" label="Support line"></click-to-call>`),
  }),
  '/csp.html': () => ({
    html: page(`<script src="/click-to-call.iife.js"></script><click-to-call proxy-url="${proxyUrl}/call"></click-to-call>`),
    headers: {
      'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${proxyUrl}; img-src 'self'`,
    },
  }),
};

test.beforeAll(async () => {
  simulatorServer = await serveSimulator(simulator);
  site = createServer((request, response) => {
    const path = request.url!.split('?')[0]!;
    if (path === '/click-to-call.iife.js') return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(iife());
    if (path === '/other.js') return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end('window.otherScriptRan = true;');
    if (path === '/site.css')
      return response
        .writeHead(200, { 'Content-Type': 'text/css' })
        .end('body { font-family: Georgia, serif; margin: 1rem; } button { all: unset; }');
    const found = pages[path];
    if (!found) return response.writeHead(404).end();
    const { html, headers } = found();
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  proxy = (
    await startNodeScript('src/proxy/runtime/cli.ts', {
      env: {
        PORT: String(port),
        SARV_USER_ID: account.userId,
        SARV_TOKEN: account.token,
        SARV_API_URL: simulatorServer.endpoint,
        CTC_DESTINATION: destination,
        CTC_ALLOWED_ORIGINS: siteUrl,
        CTC_LIMIT_PER_CLIENT: '6/1h',
      },
      ready: /listening on/,
    })
  ).child;
});

test.afterAll(async () => {
  proxy?.kill('SIGKILL');
  site?.close();
  simulatorServer?.server.closeAllConnections();
  simulatorServer?.server.close();
});

test.beforeEach(() => simulator.reset());

// Each test calls its own number: the proxy rightly refuses a second call to one number within 60 s.

/** Resolves with the next ctc-error or ctc-success event's type and detail on the page. */
function nextOutcome(browser: Page, selector: string) {
  return browser.evaluate(
    (target) =>
      new Promise<{ type: string; detail: Record<string, unknown> }>((resolve) => {
        const element = document.querySelector(target)!;
        for (const type of ['ctc-success', 'ctc-error']) {
          element.addEventListener(type, (event) => resolve({ type, detail: (event as CustomEvent).detail }), { once: true });
        }
      }),
    selector,
  );
}

test('two copies of the IIFE and two elements with their own options both work', async ({ page: browser }) => {
  const errors: string[] = [];
  browser.on('pageerror', (error) => errors.push(error.message));
  const bodies: unknown[] = [];
  browser.on('request', (request) => {
    if (request.url() === `${proxyUrl}/call` && request.method() === 'POST') bodies.push(request.postDataJSON());
  });
  await browser.goto(`${siteUrl}/twice.html`);
  expect(await browser.evaluate(() => (window as unknown as { otherScriptRan: boolean }).otherScriptRan)).toBe(true);

  const first = browser.locator('#first');
  const firstOutcome = nextOutcome(browser, '#first');
  await first.getByLabel('Sales line').fill('98765 43210');
  await first.getByRole('button', { name: 'Call me' }).click();
  expect((await firstOutcome).type).toBe('ctc-success');

  const second = browser.locator('#second');
  const secondOutcome = nextOutcome(browser, '#second');
  await second.getByLabel('Support line').fill('+91 91234 56789');
  await second.getByRole('button', { name: 'Call me' }).click();
  expect((await secondOutcome).type).toBe('ctc-success');

  await expect(first.getByText('We are calling you now')).toBeVisible();
  await expect(second.getByText('We are calling you now')).toBeVisible();
  expect(bodies).toEqual([
    { phone: '98765 43210', fromRingTime: 15, toRingTime: 15 },
    { phone: '+91 91234 56789', timeLimit: 300 },
  ]);
  expect(simulator.calls.map((call) => [call.from, call.to, call.options])).toEqual([
    ['9876543210', destination, { fromRingTime: '15', toRingTime: '15' }],
    ['9123456789', destination, { timeLimit: '300' }],
  ]);
  expect(errors).toEqual([]);
});

test('renders styled and works under a strict Content-Security-Policy', async ({ page: browser }) => {
  const violations: string[] = [];
  browser.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await browser.goto(`${siteUrl}/csp.html`);
  const element = browser.locator('click-to-call');
  const button = element.getByRole('button', { name: 'Call me' });
  await expect(button).toBeVisible();
  // The element's own styles apply: the accent background, not the page's `button { all: unset }`.
  expect(await button.evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(11, 87, 208)');
  const outcome = nextOutcome(browser, 'click-to-call');
  await element.getByLabel('Your phone number').fill('98765 00002');
  await button.click();
  expect((await outcome).type).toBe('ctc-success');
  expect(violations).toEqual([]);
  expect(simulator.calls).toHaveLength(1);
});

test.describe('at a 360 px wide mobile viewport', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('the visitor completes the journey by keyboard alone, and nothing overflows', async ({ page: browser }) => {
    await browser.goto(`${siteUrl}/one.html`);
    const outcome = nextOutcome(browser, 'click-to-call');
    await browser.keyboard.press('Tab');
    expect(await browser.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('phone');
    await browser.keyboard.type('98765 00003');
    await browser.keyboard.press('Enter');
    expect((await outcome).type).toBe('ctc-success');
    await expect(browser.getByText('We are calling you now')).toBeVisible();
    const widths = await browser.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    const box = await browser.locator('click-to-call').getByRole('button').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
  });
});

test('no request, response, page or asset of the whole visit holds the token or the user id', async ({ page: browser }) => {
  const seen: string[] = [];
  browser.on('request', (request) => seen.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`));
  browser.on('response', async (response) => {
    const headers = await response.allHeaders();
    let body = '';
    try {
      // The call's status stream stays open for as long as the call goes on: its events are
      // read from the status JSON below instead.
      if (!headers['content-type']?.includes('text/event-stream')) body = (await response.body()).toString('latin1');
    } catch {
      // A preflight or a redirect has no body to read.
    }
    seen.push(`${response.url()} ${JSON.stringify(headers)} ${body}`);
  });
  await browser.goto(`${siteUrl}/twice.html`);
  for (const [id, label, phone] of [
    ['#first', 'Sales line', '98765 00004'],
    ['#second', 'Support line', '12'],
  ] as const) {
    const outcome = nextOutcome(browser, id);
    await browser.locator(id).getByLabel(label).fill(phone);
    await browser.locator(id).getByRole('button').click();
    await outcome;
  }
  await browser.waitForLoadState('networkidle');
  const statusUrl = seen.map((line) => /"statusUrl":"([^"]+)"/.exec(line)?.[1]).find(Boolean);
  expect(statusUrl).toBeTruthy();
  seen.push(await (await browser.request.get(new URL(statusUrl!, proxyUrl).href)).text());
  const capture = seen.join('\n');
  expect(capture).toContain('/call'); // the capture saw the proxy traffic it checks
  expect(capture).toContain('"status":"success"');
  expect(capture).not.toContain(account.token);
  expect(capture).not.toContain(account.userId);
  expect(simulator.calls).toHaveLength(1);
});

test.describe('failure journeys show a message and fire ctc-error', () => {
  test('an invalid number never leaves the browser', async ({ page: browser }) => {
    let posted = 0;
    browser.on('request', (request) => {
      if (request.method() === 'POST') posted += 1;
    });
    await browser.goto(`${siteUrl}/one.html`);
    const outcome = nextOutcome(browser, 'click-to-call');
    await browser.getByLabel('Your phone number').fill('12345');
    await browser.getByRole('button', { name: 'Call me' }).click();
    expect(await outcome).toEqual({
      type: 'ctc-error',
      detail: { code: 'too-short', field: 'phone', message: 'That number is too short. Please check it and try again.' },
    });
    await expect(browser.getByText('That number is too short')).toBeVisible();
    expect(posted).toBe(0);
  });

  test('the proxy is down', async ({ page: browser }) => {
    await browser.goto(`${siteUrl}/down.html`);
    const outcome = nextOutcome(browser, 'click-to-call');
    await browser.getByLabel('Your phone number').fill('98765 00005');
    await browser.getByRole('button', { name: 'Call me' }).click();
    expect((await outcome).detail.code).toBe('network-error');
    await expect(browser.getByText('We could not reach the server')).toBeVisible();
  });

  test('the proxy is rate-limited', async ({ page: browser }) => {
    // This origin's address has had its calls for the hour (CTC_LIMIT_PER_CLIENT=6/1h) after the tests above.
    let last: { type: string; detail: Record<string, unknown> } | undefined;
    for (let i = 0; i < 8 && last?.detail.code !== 'rate-limited-client'; i++) {
      await browser.goto(`${siteUrl}/one.html`);
      const outcome = nextOutcome(browser, 'click-to-call');
      await browser.getByLabel('Your phone number').fill(`98765 4${String(1000 + i).slice(1)}0`);
      await browser.getByRole('button', { name: 'Call me' }).click();
      last = await outcome;
    }
    expect(last!.type).toBe('ctc-error');
    expect(last!.detail).toMatchObject({ code: 'rate-limited-client', status: 429 });
    expect(Number(last!.detail.retryAfter)).toBeGreaterThan(3000);
    await expect(browser.getByText('You have asked for several calls already')).toBeVisible();
  });
});
