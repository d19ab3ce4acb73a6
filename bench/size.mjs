// Size of the element's CDN builds, as a visitor's browser downloads them: raw, gzip -9 and
// brotli; and of the scripts a page loads beside it only when it needs them. Builds first so the figures are of the current source. Run: npm run bench:size
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const budget = 12 * 1024;
const files = ['dist/click-to-call.iife.js', 'dist/click-to-call.js'];

execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
const { buildLocales, separateLocales, separateAddons } = await import('../scripts/build-locales.mjs');
await buildLocales();
/** Loaded only by pages in those languages, or that book calls for later, so outside the element's budget. */
const separateFiles = [...separateLocales.map((tag) => `dist/locales/${tag}.js`), ...separateAddons.map((name) => `dist/${name}.js`)];

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
for (const file of separateFiles) {
  const source = readFileSync(file);
  const gzip = gzipSync(source, { level: 9 }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`| ${file} (loaded on its own) | ${kb(source.length)} | ${kb(gzip)} | ${kb(brotli)} | not counted |`);
}

// The floating launcher's share: the IIFE again with src/element/launcher.ts replaced by a
// version that draws the inline form only. The element's open()/close() stay in both builds.
const { build } = await import('vite');
const { mkdtempSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const withoutDir = mkdtempSync(join(tmpdir(), 'ctc-size-'));
await build({
  logLevel: 'error',
  build: { outDir: withoutDir, lib: { entry: 'src/element/cdn.ts', name: 'ClickToCall', formats: ['iife'], fileName: () => 'without.js' } },
  plugins: [
    {
      name: 'inline-only',
      enforce: 'pre',
      load(id) {
        if (id.endsWith('/src/element/launcher.ts'))
          return "import { css } from 'lit'; export const floating = (_host, _strings, form) => form; export const syncDialog = () => {}; export const launcherStyles = css``;";
      },
    },
  ],
});
const gzipOf = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const launcher = gzipOf(files[0]) - gzipOf(join(withoutDir, 'without.js'));
console.log(`\nThe floating launcher adds ${(launcher / 1024).toFixed(2)} KB gzip -9 to the IIFE (target: 2 KB or less).`);
over ||= launcher > 2 * 1024;
process.exitCode = over ? 1 : 0;
