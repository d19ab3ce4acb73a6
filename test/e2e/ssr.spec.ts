import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/*
 * Server rendering: the element rendered in Node by @lit-labs/ssr (its shadow root as
 * declarative shadow DOM), served with the IIFE arriving late, as a server-rendering framework
 * would serve it. The form is on screen before any script runs, nothing moves when the script
 * takes over, and the element then works.
 */
async function serverRendered(): Promise<string> {
  // The built element, as an app's server imports it: in Node, Lit renders through its DOM shim.
  const { render } = await import('@lit-labs/ssr');
  const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
  const { html } = await import('lit');
  await import(resolve('dist/element/register.js'));
  return collectResult(render(html`<click-to-call proxy-url="/call" ring-time="20"></click-to-call>`));
}

test('renders on the server as declarative shadow DOM, and the late script takes over with no layout shift', async ({ page }) => {
  const element = await serverRendered();
  expect(element).toContain('shadowrootmode="open"');
  expect(element).toContain('Your phone number');

  let releaseScript = () => {};
  const scriptArrives = new Promise<void>((done) => {
    releaseScript = done;
  });
  await page.route('http://ssr.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>A rendered page</title></head><body><h1>Talk to us</h1>${element}<p id="after">Open Monday to Friday.</p><script src="/click-to-call.iife.js" async></script></body></html>`,
    }),
  );
  await page.route('http://ssr.test/click-to-call.iife.js', async (route) => {
    await scriptArrives;
    await route.fulfill({ contentType: 'text/javascript', body: readFileSync('dist/click-to-call.iife.js', 'utf8') });
  });
  let posted: unknown;
  await page.route('http://ssr.test/call', async (route) => {
    posted = route.request().postDataJSON();
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ status: 'success', callId: 'ssr-1' }) });
  });
  await page.addInitScript(() => {
    (window as unknown as { shifts: number[] }).shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        (window as unknown as { shifts: number[] }).shifts.push((entry as unknown as { value: number }).value);
    }).observe({ type: 'layout-shift', buffered: true });
  });

  await page.goto('http://ssr.test/', { waitUntil: 'domcontentloaded' });
  // Before any script: the server's markup alone draws the form.
  await expect(page.getByLabel('Your phone number')).toBeVisible();
  expect(await page.evaluate(() => customElements.get('click-to-call'))).toBeUndefined();
  const before = await page.locator('#after').boundingBox();

  releaseScript();
  await page.waitForFunction(() => customElements.get('click-to-call') !== undefined);
  await page.evaluate(() => (document.querySelector('click-to-call') as unknown as { updateComplete: Promise<unknown> }).updateComplete);
  await page.waitForTimeout(200);
  const after = await page.locator('#after').boundingBox();
  expect(after!.y).toBe(before!.y);
  expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);

  await page.getByLabel('Your phone number').fill('98765 43210');
  await page.getByRole('button', { name: 'Call me' }).click();
  await expect(page.getByText('We are calling you now')).toBeVisible();
  expect(posted).toEqual({ phone: '98765 43210', fromRingTime: 20, toRingTime: 20 });
});
