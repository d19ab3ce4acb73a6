// The element's separately loaded parts as classic scripts, for pages that load the element with
// a <script> tag: the locales other than English, one file each (dist/locales/<tag>.js), and the
// booking add-on (dist/booking.js). Each registers itself with every <click-to-call> on the page,
// whichever build of the element is there. Bundlers import the ES modules instead
// (click-to-call/locales/<tag>, click-to-call/booking). Run by `npm run build`; npm start serves
// the same files from memory.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

/** The languages shipped as files of their own; English is built into the element. */
export const separateLocales = ['hi', 'ta', 'bn'];

/** The add-ons shipped as files of their own (dist/<name>.js). */
export const separateAddons = ['booking'];

/** Builds the scripts: into dist/locales and dist, or, with `write` false, into memory as { name: code }. */
export async function buildLocales(write = true) {
  const settings = {
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    // Escaped to ASCII: a script served without a charset, into a page that declares none, still reads right.
    charset: 'ascii',
    logLevel: 'warning',
    write,
  };
  const results = await Promise.all([
    build({
      ...settings,
      entryPoints: separateLocales.map((tag) => ({ in: `src/element/locales/${tag}.ts`, out: tag })),
      outdir: 'dist/locales',
    }),
    build({ ...settings, entryPoints: separateAddons.map((name) => ({ in: `src/element/${name}.ts`, out: name })), outdir: 'dist' }),
  ]);
  const files = results.flatMap((result) => result.outputFiles ?? []);
  return Object.fromEntries(files.map((file) => [file.path.split('/').pop().replace(/\.js$/, ''), file.text]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildLocales();
