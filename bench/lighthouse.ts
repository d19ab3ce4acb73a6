// Lighthouse on the two pages a new user sees first: the demo of `npm start`, and a plain page
// holding the embed builder's snippet (the IIFE, the reservation style, the element). Prints
// each category's score and the cumulative layout shift. Lighthouse 12 is the last major that
// runs on Node 20; it is installed on demand into bench/.cache (once), as it is large and only
// this bench uses it. Run: npm run bench:lighthouse
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { buildSnippet } from '../demo/snippet.js';
import { ensureBrowser } from '../scripts/browser.mjs';
import { startNodeScript } from '../scripts/processes.js';

const version = '12.2.3';
const cache = resolve('bench/.cache/lighthouse');
if (!existsSync(join(cache, 'node_modules/lighthouse'))) {
  mkdirSync(cache, { recursive: true });
  console.log(`Installing lighthouse@${version} into bench/.cache (once)…`);
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel=error', '-E', `lighthouse@${version}`], {
    stdio: 'inherit',
  });
}

interface Category {
  title: string;
  score: number | null;
}
interface LighthouseResult {
  lhr: { categories: Record<string, Category>; audits: Record<string, { numericValue?: number; score: number | null; title: string }> };
}
const { default: lighthouse } = (await import(join(cache, 'node_modules/lighthouse/core/index.js'))) as {
  default: (url: string, flags: Record<string, unknown>) => Promise<LighthouseResult | undefined>;
};
const chromeLauncher = (await import(join(cache, 'node_modules/chrome-launcher/dist/index.js'))) as {
  launch(options: { chromePath: string; chromeFlags: string[] }): Promise<{ port: number; kill(): Promise<void> }>;
};

const demo = await startNodeScript('scripts/start.ts', { env: { PORT: '0' }, ready: /demo: (http:\S+)/ });
const demoUrl = demo.match!.replace(/\/$/, '');
const snippet = buildSnippet({
  scriptUrl: `${demoUrl}/click-to-call.iife.js`,
  proxyUrl: `${demoUrl}/call`,
  lang: '',
  variant: 'inline',
  ringTime: '',
  timeLimit: '',
  label: '',
  submitLabel: '',
  successMessage: '',
  accent: '#0b57d0',
  radius: '8',
});
// A page as a marketer's would be: text around the element, so a shift would move something.
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A page with the snippet</title><meta name="description" content="A plain page holding the click-to-call snippet."></head>
<body><main><h1>Talk to us</h1><p>Leave your number and we ring you back.</p>
${snippet}
<p>Our office is open Monday to Friday.</p></main></body></html>`;
const snippetServer = createServer((request, response) => {
  if (request.url === '/robots.txt') response.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
  else response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
});
await new Promise<void>((done) => snippetServer.listen(0, '127.0.0.1', done));
const snippetUrl = `http://127.0.0.1:${(snippetServer.address() as AddressInfo).port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: ensureBrowser(),
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  console.log('| page | accessibility | best practices | SEO | performance | CLS |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, url] of [
    ['the demo (`npm start`)', `${demoUrl}/`],
    ["the builder's snippet on a plain page", snippetUrl],
  ] as const) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', formFactor: 'mobile' });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const score = (id: string) => {
      const value = result.lhr.categories[id]?.score;
      return value === null || value === undefined ? 'n/a' : String(Math.round(value * 100));
    };
    const cls = result.lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN;
    console.log(
      `| ${name} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} | ${score('performance')} | ${cls.toFixed(3)} |`,
    );
    const failing = Object.values(result.lhr.audits).filter(
      (audit) => audit.score !== null && audit.score < 1 && /accessib|contrast|label|aria|name/i.test(audit.title),
    );
    for (const audit of failing) console.log(`|   below full marks: ${audit.title} | | | | | |`);
  }
} finally {
  await chrome.kill();
  snippetServer.close();
  demo.child.kill('SIGTERM');
}
