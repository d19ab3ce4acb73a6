// A Worker bundled as Wrangler bundles it: esbuild, platform neutral, the workerd and worker
// conditions (which pick the package's edge entry), minified, and nothing left external, so a
// Node built-in anywhere in the graph fails the build. For the test suite and bench:cold-start.
import { build } from 'esbuild';

/** `alias` maps a package's name to another file, such as its source instead of its build. */
export async function bundleWorker(entry: string, absWorkingDir = process.cwd(), alias: Record<string, string> = {}) {
  return build({
    entryPoints: [entry],
    absWorkingDir,
    alias,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}
