// `npm run build` writes dist/custom-elements.json from the JSDoc on the element's class, so IDEs
// and framework tooling see its attributes, properties, events, slots, parts and custom properties.
export default {
  globs: ['src/element/click-to-call.ts'],
  outdir: 'dist',
  litelement: true,
  dev: false,
};
