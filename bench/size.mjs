// Size of the element's CDN builds, as a visitor's browser downloads them: raw, gzip -9 and
// brotli. Builds first so the figures are of the current source. Run: npm run bench:size
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const budget = 12 * 1024;
const files = ['dist/click-to-call.iife.js', 'dist/click-to-call.js'];

execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
const { buildLocales, separateLocales } = await import('../scripts/build-locales.mjs');
await buildLocales();
/** Loaded only by pages in those languages, so outside the element's budget. */
const localeFiles = separateLocales.map((tag) => `dist/locales/${tag}.js`);

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('| file | raw | gzip -9 | brotli | within 12 KB gzip |');
console.log('|---|---|---|---|---|');
let over = false;
for (const file of files) {
  const source = readFileSync(file);
  const gzip = gzipSync(source, { level: 9 }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  over ||= gzip > budget;
  console.log(`| ${file} | ${kb(source.length)} | ${kb(gzip)} | ${kb(brotli)} | ${gzip <= budget ? 'yes' : 'NO'} |`);
}
for (const file of localeFiles) {
  const source = readFileSync(file);
  const gzip = gzipSync(source, { level: 9 }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`| ${file} (a language of its own) | ${kb(source.length)} | ${kb(gzip)} | ${kb(brotli)} | not counted |`);
}
process.exitCode = over ? 1 : 0;
