import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('importing the element outside a browser', () => {
  it('touches no window or document, and the library entry registers nothing', async () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    const library = await import('../../src/element/index.js');
    assert.equal(typeof library.ClickToCall, 'function');
    // Lit's server build provides a customElements registry; nothing may be in it yet.
    assert.equal(customElements.get('click-to-call'), undefined);
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('registers on demand: the register entry once, define under any tag name, twice without harm', async () => {
    const { defineClickToCall } = await import('../../src/element/define.js');
    const { ClickToCall } = await import('../../src/element/index.js');
    await import('../../src/element/register.js');
    assert.equal(customElements.get('click-to-call'), ClickToCall);
    defineClickToCall('shop-callback');
    assert.doesNotThrow(() => defineClickToCall('shop-callback'));
    assert.ok(Object.prototype.isPrototypeOf.call(ClickToCall, customElements.get('shop-callback')!));
  });
});
