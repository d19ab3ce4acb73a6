import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('importing the element outside a browser', () => {
  it('touches no window or document, so server-side rendering can import it', async () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    const module = await import('../../src/element/index.js');
    assert.equal(typeof module.ClickToCall, 'function');
    assert.equal(typeof module.defineClickToCall, 'function');
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });
});
