import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// React 18 is this example's own (examples/react18/node_modules, an npm workspace), so the
// package is named through an alias to its dist/, as an installed copy would resolve; dedupe
// makes the package's component use this React 18 rather than the root's React 19.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { 'click-to-call/react': fileURLToPath(new URL('../../dist/element/react.js', import.meta.url)) },
    dedupe: ['react', 'react-dom'],
  },
});
