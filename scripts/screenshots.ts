// Refreshes the README's pictures from the running demo: `npm run screenshots`.
import { chromium } from 'playwright';
import { launchOptions } from './browser.mjs';
import { startNodeScript } from './processes.js';

const { child: demo, match } = await startNodeScript('scripts/start.ts', { env: { PORT: '0' }, ready: /demo: (http:\S+)/ });
const url = match!;

const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.locator('#mode').filter({ hasText: 'mode' }).waitFor();
  const themed = page.locator('#themed');
  await themed.getByLabel('Your phone number').fill('98765');
  await themed.getByRole('button').click();
  await themed.getByText('too short').waitFor();
  const plain = page.locator('#plain');
  await plain.getByLabel('Your phone number').fill('+91 98765 43210');
  await plain.getByRole('button').click();
  await plain.getByText('We are calling you now').waitFor();
  await page.locator('#calls li').first().waitFor();
  await page.screenshot({ path: 'docs/demo.png' });
  await page.locator('.hints').evaluate((hints) => ((hints as HTMLElement).hidden = true));
  await page.locator('.variants').screenshot({ path: 'docs/element.png' });
} finally {
  await browser.close();
  demo.kill('SIGTERM');
}
