import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Svelte needs no word about custom elements: a tag with a dash is one, and a prop the element
// has is set as its property.
export default defineConfig({ plugins: [svelte()] });
