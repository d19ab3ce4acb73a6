// Render time and layout shift of the IIFE build on a page, beside a plain <form> baseline, in
// one run with Playwright and Chromium. Run: npm run bench:render (it builds first).
//
// Cases: the plain form; the snippet as documented (the script, then the element); and a
// deferred script that arrives 300 ms after first paint, with and without the one-line
// reservation style. Each case runs BENCH_RUNS times (default 7); the table shows medians.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright';
import { launchOptions } from '../scripts/browser.mjs';
import { median } from './measure.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
const iife = readFileSync('dist/click-to-call.iife.js');

/** Collects layout shifts from the start, and marks when the element (or form) first rendered. */
const probe = `<script>
  window.shift = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shift += entry.value; })
    .observe({ type: 'layout-shift', buffered: true });
</script>`;
const after = '<p>Text below the form, which moves if the form changes height after the first paint.</p>'.repeat(8);
const reserve = '<style>click-to-call:not(:defined){display:block;min-height:6.5rem}</style>';

const cases: Record<string, string> = {
  'plain <form> (baseline)': `${probe}<form><label for=p>Your phone number</label><br><input id=p type=tel> <button>Call me</button><p></p></form>
<script>window.rendered = performance.now(); window.evaluated = window.rendered;</script>${after}`,
  'snippet: script, then element': `${probe}<script>window.beforeScript = performance.now()</script><script src="/ctc.js"></script>
<script>window.evaluated = performance.now()</script><click-to-call proxy-url="/call"></click-to-call>
<script>document.querySelector('click-to-call').updateComplete.then(() => window.rendered = performance.now())</script>${after}`,
  'deferred script, 300 ms late, no reservation': `${probe}<script defer src="/ctc.js?delay=300"></script><click-to-call proxy-url="/call"></click-to-call>${after}
<script defer src="/mark.js"></script>`,
  'deferred script, 300 ms late, with reservation style': `${probe}${reserve}<script defer src="/ctc.js?delay=300"></script><click-to-call proxy-url="/call"></click-to-call>${after}
<script defer src="/mark.js"></script>`,
};
// For deferred cases: the served /mark.js runs right after the element's script, in order.
const mark = `window.evaluated = performance.now();
document.querySelector('click-to-call').updateComplete.then(() => window.rendered = performance.now());`;

const server = createServer((request, response) => {
  const url = new URL(request.url!, 'http://localhost');
  if (url.pathname === '/ctc.js') {
    const delay = Number(url.searchParams.get('delay') ?? 0);
    setTimeout(() => response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(iife), delay);
    return;
  }
  if (url.pathname === '/mark.js') return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(mark);
  const body = cases[decodeURIComponent(url.pathname.slice(1))];
  if (body === undefined) return response.writeHead(404).end();
  response
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>${body}</body></html>`);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch(launchOptions());
try {
  console.log(`| case | render after script evaluation (median of ${runs}) | CLS (median; worst) |`);
  console.log('|---|---|---|');
  for (const name of Object.keys(cases)) {
    const renders: number[] = [];
    const shifts: number[] = [];
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
      await page.goto(`${base}/${encodeURIComponent(name)}`);
      await page.waitForFunction(() => (window as unknown as { rendered?: number }).rendered !== undefined);
      await page.waitForTimeout(200); // let the last layout-shift entries arrive
      const figures = await page.evaluate(() => {
        const w = window as unknown as { rendered: number; evaluated: number; shift: number };
        return { render: w.rendered - w.evaluated, shift: w.shift };
      });
      renders.push(figures.render);
      shifts.push(figures.shift);
      await page.close();
    }
    console.log(`| ${name} | ${median(renders).toFixed(1)} ms | ${median(shifts).toFixed(3)}; ${Math.max(...shifts).toFixed(3)} |`);
  }
} finally {
  await browser.close();
  server.close();
}
