import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { startNodeScript } from '../../scripts/processes.js';

/*
 * Consent end to end: the IIFE on a page with consent="required", against `npm start`'s proxy
 * run with CTC_REQUIRE_CONSENT=on. The page is served at the demo's origin, as a site serves its
 * own pages beside its proxy.
 */
let demo: ChildProcess;
let url = '';
let output: () => string;

test.beforeAll(async () => {
  const started = await startNodeScript('scripts/start.ts', { env: { PORT: '0', CTC_REQUIRE_CONSENT: 'on' }, ready: /demo: (http:\S+)/ });
  demo = started.child;
  url = started.match!;
  output = started.output;
});

test.afterAll(() => {
  demo.kill('SIGTERM');
});

async function open(page: Page, attributes: string) {
  await page.route(`${url}shop.html`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><title>Shop</title></head><body><script src="/click-to-call.iife.js"></script>
<click-to-call proxy-url="/call" ${attributes}><p slot="consent">We use your number only to call you back. <a href="/privacy">Privacy</a></p></click-to-call></body></html>`,
    }),
  );
  await page.goto(`${url}shop.html`);
  return page.locator('click-to-call');
}

test('a visitor agrees by keyboard, and the proxy records what was agreed to', async ({ page }) => {
  let posted = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST') posted += 1;
  });
  const element = await open(page, 'consent="required" consent-version="2026-01"');
  await element.getByLabel('Your phone number').fill('98765 43230');
  await element.getByRole('button', { name: 'Call me' }).click();
  await expect(element.getByText('Please tick the box to agree to be called.')).toBeVisible();
  expect(posted).toBe(0);
  await element.getByRole('checkbox', { name: 'I agree to be called back on this number.' }).focus();
  await page.keyboard.press('Space');
  await element.getByRole('button', { name: 'Call me' }).click();
  await expect(element.getByText('We are calling you now')).toBeVisible();
  await expect.poll(() => output()).toMatch(/"consent":"version 2026-01, agreed \d{4}-\d{2}-\d{2}T/);
});

test('a page without the checkbox is refused by a proxy that requires consent', async ({ page }) => {
  const element = await open(page, '');
  await element.getByLabel('Your phone number').fill('98765 43240');
  const answered = page.waitForResponse((response) => response.url().endsWith('/call') && response.request().method() === 'POST');
  await element.getByRole('button', { name: 'Call me' }).click();
  expect((await answered).status()).toBe(400);
  await expect(element.getByText('Please tick the box to agree to be called.')).toBeVisible();
});
