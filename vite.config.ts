import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * Lit's css`` templates keep their source's indentation and comments, which every visitor would
 * download; the browser needs neither. Our styles interpolate nothing and quote only font names,
 * so collapsing whitespace around punctuation is safe for them. Space before a colon is kept, as
 * it means something in a selector (`a :hover`).
 */
function minifyCssTemplates(): Plugin {
  const minify = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/\(\s+/g, '(')
      .replace(/\s+\)/g, ')')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'minify-css-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/src/element/') || !code.includes('css`')) return;
      return code.replace(/css`([^`]*)`/g, (_, body: string) => `css\`${minify(body)}\``);
    },
  };
}

/**
 * The CDN builds of the element: an ES module and a classic-script IIFE, each with Lit bundled
 * and self-registering. Type declarations and the proxy's JavaScript come from `tsc` (see the
 * build script), so this config only bundles the browser side.
 */
export default defineConfig({
  plugins: [minifyCssTemplates()],
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
