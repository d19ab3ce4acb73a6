// Cold start: what a serverless or edge user pays on every new instance of the proxy.
// Run: npm run bench:cold-start   (BENCH_RUNS, default 21; it builds first)
//
// - Node: a fresh process that imports click-to-call/proxy (the built package, through its
//   exports), creates the handler (credentials set, the default memory store, a fetch that
//   answers at once) and answers one POST /call (bench/cold-start/proxy.mjs), beside a ten-line
//   bare handler doing the same with no check at all (bench/cold-start/bare.mjs). The two take
//   turns; the figure is the median of the paired ratios, whole process from spawn to exit.
// - The web-runtime bundle of a worker that imports the handler (bench/cold-start/worker.mjs),
//   as esbuild makes it for platform=neutral with the workerd condition (the package's edge
//   entry, no module left external), minified, gzip -9, with what makes it up.
// - workerd, through Miniflare: from a new runtime to the first answer, that worker beside a
//   trivial one.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../scripts/worker-bundle.js';
import { median } from './measure.js';

const runs = Number(process.env.BENCH_RUNS ?? 21);

execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });

// ---- Node
function wallMs(script: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${script} failed`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const bare: number[] = [];
const proxy: number[] = [];
for (let round = 0; round < runs; round++) {
  bare.push(wallMs('bench/cold-start/bare.mjs'));
  proxy.push(wallMs('bench/cold-start/proxy.mjs'));
}
const ratio = median(proxy.map((ms, round) => ms / bare[round]!));

// ---- the web-runtime bundle
const bundled = await bundleWorker('bench/cold-start/worker.mjs');
const code = bundled.outputFiles[0]!.contents;
// What makes it up, read from the same bundle made from the sources: the package's edge entry is
// itself a bundle (scripts/build-proxy.mjs), in which zod and libphonenumber-js are no longer files.
const fromSources = await bundleWorker('bench/cold-start/worker.mjs', process.cwd(), { 'click-to-call/proxy': './src/proxy/edge.ts' });
const parts = new Map<string, number>();
for (const [file, input] of Object.entries(Object.values(fromSources.metafile.outputs)[0]!.inputs)) {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  const name = inPackage
    ? `${inPackage}${file.includes('/locales/') ? ' (locales)' : file.includes('metadata') ? ' (metadata)' : ''}`
    : 'click-to-call';
  parts.set(name, (parts.get(name) ?? 0) + input.bytesInOutput);
}
const nodeBuiltins = [...new TextDecoder().decode(code).matchAll(/from\s*["'](node:[\w/]+)["']/g)].map(([, name]) => name);

// ---- workerd, through Miniflare (a devDependency: the test suite runs the handler in it too)
let workerd: { trivial: number; proxy: number } | string;
try {
  const firstAnswerMs = async (script: string) => {
    const started = performance.now();
    const runtime = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01' });
    const response = await runtime.dispatchFetch('http://proxy.example/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"phone":"9876543210"}',
    });
    if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${await response.text()}`);
    const ms = performance.now() - started;
    await runtime.dispose();
    return ms;
  };
  const trivialScript = readFileSync('bench/cold-start/trivial-worker.mjs', 'utf8');
  const proxyScript = new TextDecoder().decode(code);
  const trivial: number[] = [];
  const handler: number[] = [];
  for (let round = 0; round < 7; round++) {
    trivial.push(await firstAnswerMs(trivialScript));
    handler.push(await firstAnswerMs(proxyScript));
  }
  workerd = { trivial: median(trivial), proxy: median(handler) };
} catch (error) {
  workerd = `not measured: ${(error as Error).message.split('\n')[0]}`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`\nNode, import to first answer (whole process), ${runs} alternating runs:`);
console.log('| handler | median |\n|---|---|');
console.log(`| bare, ten lines | ${median(bare).toFixed(0)} ms |`);
console.log(`| click-to-call/proxy | ${median(proxy).toFixed(0)} ms |`);
console.log(`proxy / bare: ${ratio.toFixed(2)} (median of paired ratios; goal: at most 2.5)`);
console.log(
  `\nWeb-runtime bundle of the handler: ${kb(code.length)} raw, ${kb(gzipSync(code, { level: 9 }).length)} gzip -9 (goal: at most 80 KB)`,
);
console.log(`Node built-ins imported: ${nodeBuiltins.length ? nodeBuiltins.join(', ') : 'none'}`);
for (const [name, bytes] of [...parts].sort((a, b) => b[1] - a[1])) console.log(`  ${name}: ${kb(bytes)} raw`);
console.log(
  typeof workerd === 'string'
    ? `\nworkerd: ${workerd}`
    : `\nworkerd (Miniflare), new runtime to first answer, median of 7: trivial worker ${workerd.trivial.toFixed(0)} ms, the handler ${workerd.proxy.toFixed(0)} ms (+${(workerd.proxy - workerd.trivial).toFixed(0)} ms)`,
);
