import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/*
 * `npm start` on a fresh machine: the demo page, the proxy on the same origin and the simulator
 * behind it. This starts the same script on a free port and walks the flow a visitor would.
 */
let demo: ChildProcess;
let url: string;

test.beforeAll(async () => {
  demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { PATH: process.env.PATH!, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demo.stdout!.on('data', (chunk) => (output += chunk));
  demo.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!/demo: (http:\S+)/.test(output)) {
    if (demo.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  url = /demo: (http:\S+)/.exec(output)![1]!;
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
