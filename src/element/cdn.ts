/** The CDN builds' entry (dist/click-to-call.js and .iife.js): everything, Lit bundled, self-registering. */
import './register.js';

export * from './index.js';
export { defineClickToCall } from './define.js';
