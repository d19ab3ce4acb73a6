// The server side's JavaScript as a few bundled files, for cold start: a serverless instance
// that loads dist/proxy/index.js reads one file and a shared chunk or two instead of about 240
// modules (zod's and libphonenumber-js's among them), and Node's module loading was most of
// the time from a new process to its first answer. Run by `npm run build`, after `tsc`, whose
// type declarations stay as they are (they still name libphonenumber-js's types, which is why
// it stays a dependency).
//
// - One build for every server entry, with code splitting, so that what two entries share (the
//   handler, ConfigurationError, the stores) is one module in a shared chunk: an error thrown by
//   one entry's code is still `instanceof` the class another entry exports.
// - zod and libphonenumber-js are inlined; the optional peers (redis, bullmq, ioredis) stay imports, still
//   loaded only when a configuration uses them, as the code's own import() says.
// - Not minified: a server's stack traces should name the code's own functions and lines.
// - The JavaScript tsc wrote for these folders is removed afterwards, so the package holds one
//   copy of the server code, the bundled one.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const entryPoints = ['src/proxy/index.ts', 'src/proxy/edge.ts', 'src/proxy/runtime/cli.ts', 'src/simulator/index.ts'];
/** The folders whose JavaScript is all bundled: nothing outside the server side imports them. */
const bundledFolders = ['dist/proxy', 'dist/simulator', 'dist/node'];

const result = await build({
  entryPoints,
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'proxy/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['redis', 'bullmq', 'ioredis'],
  metafile: true,
  logLevel: 'warning',
});

const written = new Set(Object.keys(result.metafile.outputs).map((file) => resolve(file)));
for (const folder of bundledFolders) {
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = resolve(folder, file);
    if (path.endsWith('.js') && !written.has(path)) rmSync(path);
  }
}
