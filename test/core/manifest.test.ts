import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

/** dist/custom-elements.json, written by `npm run build` (which `npm test` runs first). */
describe('the Custom Elements Manifest', () => {
  it('describes the element as its JSDoc does: tag, attributes, events, slots, parts, custom properties', () => {
    assert.ok(existsSync('dist/custom-elements.json'), 'run npm run build first');
    const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
    const element = manifest.modules
      .flatMap((module: { declarations: unknown[] }) => module.declarations)
      .find((declaration: { tagName?: string }) => declaration.tagName === 'click-to-call');
    assert.ok(element, 'the manifest names <click-to-call>');
    const names = (list: { name: string }[] = []) => list.map((item) => item.name);
    for (const attribute of [
      'proxy-url',
      'country',
      'lang',
      'disabled',
      'ring-time',
      'from-ring-time',
      'time-limit',
      'timeout',
      'cooldown',
      'strings',
      'variant',
      'position',
      'open',
    ]) {
      assert.ok(names(element.attributes).includes(attribute), attribute);
    }
    const proxyUrl = element.attributes.find((attribute: { name: string }) => attribute.name === 'proxy-url');
    assert.equal(proxyUrl.fieldName, 'proxyUrl');
    assert.match(proxyUrl.description, /proxy's address/);
    assert.deepEqual(names(element.events).sort(), [
      'ctc-call',
      'ctc-close',
      'ctc-error',
      'ctc-open',
      'ctc-status',
      'ctc-submit',
      'ctc-success',
    ]);
    assert.deepEqual(names(element.slots).sort(), ['consent', 'heading', 'launcher', 'success']);
    assert.deepEqual(names(element.cssParts).sort(), [
      'button',
      'close',
      'consent',
      'dialog',
      'form',
      'input',
      'label',
      'launcher',
      'slots',
      'status',
    ]);
    assert.ok(names(element.cssProperties).includes('--ctc-color-accent'));
    assert.ok(names(element.cssProperties).includes('--ctc-offset-side'));
    const open = element.attributes.find((attribute: { name: string }) => attribute.name === 'open');
    assert.equal(open.fieldName, 'opened');
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(resolve(packageJson.customElements), resolve('dist/custom-elements.json'));
  });
});
