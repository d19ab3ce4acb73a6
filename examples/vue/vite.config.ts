import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Tell Vue that <click-to-call> is a custom element, not a Vue component to resolve.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'click-to-call' } } })],
});
