import { expect, test } from '@playwright/test';
import { startNodeScript } from '../../scripts/processes.js';
import type { ChildProcess } from 'node:child_process';

/*
 * `npm start` on a fresh machine: the demo page, the proxy on the same origin and the simulator
 * behind it. This starts the same script on a free port and walks the flow a visitor would.
 */
let demo: ChildProcess;
let url: string;

test.beforeAll(async () => {
  const started = await startNodeScript('scripts/start.ts', {
    // Reports a second after each call, and room under the per-client limit for every test here.
    env: { PORT: '0', CTC_SIMULATOR_REPORT_DELAY: '1s', CTC_LIMIT_PER_CLIENT: '50/1h' },
    ready: /demo: (http:\S+)/,
  });
  demo = started.child;
  url = started.match!;
  const output = started.output();
  expect(output).toContain('SIMULATOR MODE');
});

test.afterAll(() => {
  demo.kill('SIGTERM');
});

test('the demo places a call through the proxy and the simulator, and logs every event', async ({ page }) => {
  await page.goto(url);
  await expect(page.locator('#mode')).toContainText('Simulator mode');
  const plain = page.locator('#plain');
  await plain.getByLabel('Your phone number').fill('98765 43210');
  // A double click: the second press lands while the first is under way and must not place a call.
  await plain.getByRole('button', { name: 'Call me' }).dblclick();
  await expect(plain.getByText('We are calling you now')).toBeVisible();
  await expect(page.locator('#log')).toContainText('#plain ctc-success');
  await expect(page.locator('#log')).toContainText('#plain ctc-submit');
  await expect(page.locator('#calls li')).toHaveCount(1);
  await expect(page.locator('#calls')).toContainText('rang Number 98******10, then Number 90******00');
  await page.screenshot({ path: 'test-results/demo.png', fullPage: true });
});

test("the demo follows each call to its outcome, as the number's last digit chooses", async ({ page }) => {
  await page.goto(url);
  const plain = page.locator('#plain');
  // Last, the unanswered one: the demo redials it (CTC_REDIAL), so it waits rather than ends.
  const outcomes: [digit: number, state: string, text: string][] = [
    [0, 'completed', 'Thanks for talking to us.'],
    [2, 'busy', 'Your line was busy.'],
    [3, 'business-unavailable', 'Sorry, nobody could take your call.'],
    [4, 'failed', 'Sorry, the call could not be connected.'],
    [1, 'redial-scheduled', 'We could not reach you. We will try again'],
  ];
  for (const [digit, state, text] of outcomes) {
    await plain.getByLabel('Your phone number').fill(`9876512${digit}0${digit}`);
    // Each final state ends the cooldown: the next call can be asked for at once.
    await plain.getByRole('button', { name: 'Call me' }).click();
    await expect(plain.getByText(text)).toBeVisible({ timeout: 10_000 });
    await expect(page.locator(`#timeline li[data-state="${state}"]`)).toHaveCount(1);
  }
  await expect(page.locator('#timeline li').first()).toContainText('calling');
  await expect(page.locator('#log')).toContainText('#plain ctc-call {"callId"');
});

test('the demo shows a refusal from the browser and one from the provider', async ({ page }) => {
  await page.goto(url);
  const themed = page.locator('#themed');
  await themed.getByLabel('Your phone number').fill('98765');
  await themed.getByRole('button', { name: 'Call me back' }).click();
  await expect(themed.getByText('That number is too short')).toBeVisible();
  await themed.getByLabel('Your phone number').fill('9000000000');
  await themed.getByRole('button', { name: 'Call me back' }).click();
  await expect(themed.getByText('That is our own number')).toBeVisible();
  await expect(page.locator('#log')).toContainText('"code":"1520"');
});

test('the embed builder previews live, and its snippet works pasted into a page with other scripts and styles', async ({
  page,
  context,
}) => {
  await page.goto(url);
  const builder = page.locator('#builder');
  await builder.getByLabel('Label').fill('Your "mobile" number');
  await builder.getByLabel('Button text').fill('Ring me back');
  await builder.getByLabel('Ring time (s)').fill('25');
  await builder.getByLabel('Accent colour').fill('#c2410c');
  const preview = page.locator('#preview');
  await expect(preview.getByRole('button', { name: 'Ring me back' })).toBeVisible();
  expect(await preview.getByRole('button').evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(194, 65, 12)');

  const snippet = await page.locator('#snippet').inputValue();
  expect(snippet).toContain('label="Your &quot;mobile&quot; number"');
  expect(snippet).toContain('ring-time="25"');
  expect(snippet).toContain('--ctc-color-accent: #c2410c;');
  expect(snippet).not.toMatch(/<script>(?!<\/script>)/); // no inline script: works under a strict CSP

  // Paste it into another page with a theme's own scripts and styles. Same origin as the proxy, as
  // npm start allows no other; embedding.spec.ts covers pages on other origins.
  const host = await context.newPage();
  await host.route(`${url}pasted.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><style>button{all:unset} label{display:none}</style>
        <script>window.themeLoaded = true</script></head><body><h1>Shop</h1>${snippet}<footer>Theme footer</footer></body></html>`,
    }),
  );
  await host.goto(`${url}pasted.html`);
  const element = host.locator('click-to-call');
  await element.getByLabel('Your "mobile" number').fill('98765 00009');
  const answered = host.waitForResponse((response) => response.url().endsWith('/call'));
  await element.getByRole('button', { name: 'Ring me back' }).click();
  expect((await answered).status()).toBe(200);
  await expect(element.getByText('We are calling you now')).toBeVisible();
  expect(await element.getByRole('button').evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(194, 65, 12)');
});

test("the builder's snippet works pasted into a page on another origin and into a file:// page", async ({ page }) => {
  await page.goto(url);
  const snippet = await page.locator('#snippet').inputValue();
  const pasted = (number: string) =>
    `<!doctype html><html lang="en"><head><title>My page</title></head><body><h1>My page</h1>${snippet}<p id="number">${number}</p></body></html>`;

  // Another origin: a server of its own on another port.
  const { createServer } = await import('node:http');
  const other = createServer((_request, response) => response.end(pasted('98765 00010')));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const { port } = other.address() as { port: number };
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const file = join(mkdtempSync(join(tmpdir(), 'ctc-pasted-')), 'page.html');
  writeFileSync(file, pasted('98765 00020'));
  try {
    for (const [where, phone] of [
      [`http://127.0.0.1:${port}/`, '98765 00010'],
      [`file://${file}`, '98765 00020'],
    ] as const) {
      await page.goto(where);
      const element = page.locator('click-to-call');
      await element.getByLabel('Your phone number').fill(phone);
      await element.getByRole('button', { name: 'Call me' }).click();
      await expect(element.getByText('We are calling you now'), `a call from ${where}`).toBeVisible();
      // And followed to its end, the status stream crossing origins too.
      await expect(element.getByText('Thanks for talking to us.')).toBeVisible({ timeout: 10_000 });
    }
  } finally {
    other.close();
  }
});

test('the builder says which field is out of range and writes no snippet that cannot work', async ({ page }) => {
  await page.goto(url);
  const builder = page.locator('#builder');
  await builder.getByLabel('Ring time (s)').fill('60');
  await expect(page.locator('#ringTime-error')).toContainText('from 0 to 50');
  await expect(builder.getByLabel('Ring time (s)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#snippet')).toHaveValue(/Fix the fields marked above/);
  await page.getByRole('button', { name: 'Copy snippet' }).click();
  await expect(page.locator('#copied')).toHaveText('Nothing copied: fix the fields marked above first.');
  await builder.getByLabel('Ring time (s)').fill('25');
  await expect(page.locator('#ringTime-error')).toHaveText('');
  await expect(page.locator('#snippet')).toHaveValue(/ring-time="25"/);
  await page.getByRole('button', { name: 'Copy snippet' }).click();
  // Copied, or said plainly that the page could not: never "copied" when it was not.
  await expect(page.locator('#copied')).toHaveText(
    /^(Snippet copied\.|This page may not copy for you: the snippet is selected, press Ctrl\+C \(⌘C on a Mac\)\.)$/,
  );
});

test('in simulator mode the demo resets its limits on request, so a refused number may ask again', async ({ page }) => {
  await page.goto(url);
  const plain = page.locator('#plain');
  await plain.getByLabel('Your phone number').fill('76543 21990');
  await plain.getByRole('button', { name: 'Call me' }).click();
  await expect(plain.getByText('We are calling you now')).toBeVisible();
  await expect(plain.getByText('Thanks for talking to us.')).toBeVisible({ timeout: 10_000 });
  await plain.getByRole('button', { name: 'Call me' }).click();
  await expect(page.locator('#log')).toContainText('"code":"duplicate-submission"');
  await expect(page.locator('#log')).toContainText('the proxy refused with HTTP 409');
  await page.getByRole('button', { name: 'Reset limits' }).click();
  await expect(page.locator('#reset-said')).toHaveText('Limits reset: every number and this browser may ask again.');
  await plain.getByRole('button', { name: 'Call me' }).click();
  await expect(plain.getByText('We are calling you now')).toBeVisible();
});

test('the demo page answers its favicon and robots.txt, and its logs are reachable by keyboard', async ({ page, request }) => {
  const robots = await request.get(`${url}robots.txt`);
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toContain('text/plain');
  await page.goto(url);
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml/);
  for (const id of ['#log', '#timeline', '#calls']) {
    await page.locator(id).focus();
    await expect(page.locator(id)).toBeFocused();
  }
});

test("a language other than English comes as a second script in the builder's snippet, and the pasted element speaks it", async ({
  page,
  context,
}) => {
  await page.goto(url);
  await page.locator('#builder').getByLabel('Language').selectOption('ta');
  const snippet = await page.locator('#snippet').inputValue();
  expect(snippet).toContain(`<script src="${url}locales/ta.js"></script>`);
  const host = await context.newPage();
  await host.route(`${url}tamil.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><body>${snippet}</body></html>` }),
  );
  await host.goto(`${url}tamil.html`);
  await expect(host.locator('click-to-call').getByLabel('உங்கள் தொலைபேசி எண்')).toBeVisible();
  await expect(host.locator('click-to-call').getByRole('button', { name: 'என்னை அழையுங்கள்' })).toBeVisible();
});

test('the floating launcher, by keyboard alone: Tab to it, open, ask for a call, Esc, focus back', async ({ page }) => {
  await page.goto(url);
  const floating = page.locator('#floating');
  const launcherFocused = () =>
    page.evaluate(
      () =>
        document.activeElement?.id === 'floating' && document.activeElement.shadowRoot?.activeElement?.getAttribute('part') === 'launcher',
    );
  let steps = 0;
  while (!(await launcherFocused())) {
    await page.keyboard.press('Tab');
    expect(++steps, 'the launcher is reachable by Tab').toBeLessThan(80);
  }
  await page.keyboard.press('Enter');
  const dialog = floating.getByRole('dialog', { name: 'We will call you back' });
  await expect(dialog).toBeVisible();
  await page.keyboard.type('98765 43220');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('We are calling you now')).toBeVisible();
  await expect(dialog.getByText('Thanks for talking to us.')).toBeVisible({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await launcherFocused()).toBe(true);
  await expect(page.locator('#log')).toContainText('#floating ctc-open');
  await expect(page.locator('#log')).toContainText('#floating ctc-close');
});

test("the builder's floating snippet reserves no height, and pasted, its launcher places a call", async ({ page, context }) => {
  await page.goto(url);
  await page.locator('#builder').getByLabel('Variant').selectOption('floating');
  const snippet = await page.locator('#snippet').inputValue();
  expect(snippet).toContain('variant="floating"');
  expect(snippet).not.toContain('min-height');
  const host = await context.newPage();
  await host.route(`${url}floating.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><body><h1>Shop</h1>${snippet}</body></html>` }),
  );
  await host.goto(`${url}floating.html`);
  const element = host.locator('click-to-call');
  await element.getByRole('button', { name: 'Call me back' }).click();
  await element.getByRole('dialog').getByLabel('Your phone number').fill('98765 00019');
  await element.getByRole('dialog').getByRole('button', { name: 'Call me', exact: true }).click();
  await expect(element.getByText('We are calling you now')).toBeVisible();
});

test('the business side: a call booked a minute ahead rings at its time, an unanswered one is redialled, and the webhooks arrive signed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(url);
  await expect(page.locator('#availability')).toContainText('Open now; bookable');
  // Booked for the next minute on one element, and an unanswered number on another, side by side.
  const plain = page.locator('#plain');
  await plain.getByLabel('Your phone number').fill('98765 43270');
  const slots = plain.getByLabel('Call me at');
  await expect(slots.locator('option')).not.toHaveCount(0);
  await slots.selectOption({ index: 1 });
  await plain.getByRole('button', { name: 'Call me' }).click();
  await expect(plain.getByText('We will call you')).toBeVisible();
  const themed = page.locator('#themed');
  await themed.getByLabel('Your phone number').fill('98765 43271');
  await themed.getByRole('button', { name: 'Call me back' }).click();

  const booked = page.locator('#timeline li', { hasText: '#plain' });
  await expect(booked).toContainText('booked for');
  await expect(booked).toContainText('→ scheduled');
  const redialled = page.locator('#timeline li', { hasText: '#themed' });
  await expect(redialled).toContainText('→ redial-scheduled', { timeout: 10_000 });
  await expect(themed.getByText('We could not reach you. We will try again')).toBeVisible();
  await expect(booked).toContainText('→ calling', { timeout: 75_000 });
  await expect(redialled).toContainText('(attempt 2)', { timeout: 45_000 });
  await expect(redialled).toContainText('→ no-answer', { timeout: 15_000 });
  const webhooks = page.locator('#webhooks');
  await expect(webhooks.locator('li[data-type="call.scheduled"]')).toContainText('signature verified');
  await expect(webhooks.locator('li[data-type="call.ended"]').first()).toContainText('signature verified', { timeout: 10_000 });
  await expect(webhooks).not.toContainText('SIGNATURE INVALID');
});

test("the builder's snippet with the booking add-on offers a later time when pasted", async ({ page, context }) => {
  await page.goto(url);
  await page.locator('#builder').getByLabel('Offer a later time').check();
  const snippet = await page.locator('#snippet').inputValue();
  expect(snippet).toContain('/booking.js"></script>');
  const host = await context.newPage();
  await host.route(`${url}booking.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><body><h1>Shop</h1>${snippet}</body></html>` }),
  );
  await host.goto(`${url}booking.html`);
  const element = host.locator('click-to-call');
  await element.getByLabel('Your phone number').focus();
  await expect(element.getByLabel('Call me at').locator('option').first()).toHaveText('Now');
});
