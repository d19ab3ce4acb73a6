// The locales other than English as classic scripts, one file each (dist/locales/<tag>.js), for
// pages that load the element with a <script> tag: each registers its language with every
// <click-to-call> on the page, whichever build of the element is there. Bundlers import the ES
// modules instead (click-to-call/locales/<tag>). Run by `npm run build`; npm start serves the
// same files from memory.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

/** The languages shipped as files of their own; English is built into the element. */
export const separateLocales = ['hi', 'ta', 'bn'];

/** Builds the locale scripts: into dist/locales, or, with `write` false, into memory as { tag: code }. */
export async function buildLocales(write = true) {
  const result = await build({
    entryPoints: separateLocales.map((tag) => ({ in: `src/element/locales/${tag}.ts`, out: tag })),
    outdir: 'dist/locales',
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    // Escaped to ASCII: a script served without a charset, into a page that declares none, still reads right.
    charset: 'ascii',
    logLevel: 'warning',
    write,
  });
  return Object.fromEntries((result.outputFiles ?? []).map((file) => [file.path.split('/').pop().replace(/\.js$/, ''), file.text]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildLocales();
