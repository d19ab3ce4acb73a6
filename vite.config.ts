import { defineConfig } from 'vite';

/**
 * The CDN builds of the element: an ES module and a classic-script IIFE, each with Lit bundled
 * and self-registering. Type declarations and the proxy's JavaScript come from `tsc` (see the
 * build script), so this config only bundles the browser side.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No source maps: the package ships no sources for them to point at, and the build is small.
    sourcemap: false,
    minify: true,
    // Vite leaves the ES library output unminified (it expects an app bundler downstream); the
    // ES build here goes to CDNs as it is, so it is minified like the IIFE.
    // ASCII, non-ASCII text escaped: pasted into a page that declares no charset, and served
    // without one, the script still reads right ("…" would show as "â€¦").
    rolldownOptions: { output: { minify: true, charset: 'ascii' } },
    lib: {
      entry: 'src/element/cdn.ts',
      name: 'ClickToCall',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'click-to-call.js' : `click-to-call.${format}.js`),
    },
  },
});
