import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

/*
 * Every framework's types (React, Preact, Vue, Svelte) come from one source: the element class
 * and its event map (src/element/framework-types.ts), so a new property or event reaches them
 * all without an edit. The Custom Elements Manifest comes from the same class's JSDoc. This test
 * holds the two together: it writes the manifest's attributes and events as TypeScript types and
 * type-checks that they are exactly the framework types' props and events.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ctc-types-'));
const union = (names: string[]) => names.map((name) => JSON.stringify(name)).join(' | ');

interface Declaration {
  tagName?: string;
  attributes: { name: string; fieldName: string }[];
  events: { name: string }[];
}

function manifest(): Declaration {
  const modules = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')).modules as { declarations?: Declaration[] }[];
  return modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'click-to-call')!;
}

/** Type-checks that `fields` and `events` are exactly the framework types' props and events. */
function typeCheck(fields: string[], events: string[]) {
  const file = join(scratch, `drift-${Math.random().toString(36).slice(2)}.ts`);
  const source = resolve('src/element/framework-types.js');
  writeFileSync(
    file,
    `import type { ClickToCallEvents, ClickToCallProps } from ${JSON.stringify(source)};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Properties HTMLElement already has (lang) are typed by each framework's own HTML attributes.
export const fields: Same<Exclude<${union(fields)}, keyof HTMLElement>, keyof ClickToCallProps> = true;
export const events: Same<${union(events)}, keyof ClickToCallEvents> = true;
`,
  );
  const options = [
    '--ignoreConfig',
    '--strict',
    '--noEmit',
    '--skipLibCheck',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
  ];
  const libs = ['--lib', 'es2022,dom,dom.iterable', '--types', 'node', '--useDefineForClassFields', 'false'];
  return spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', ...options, ...libs, file], { encoding: 'utf8' });
}

describe('the framework types and the Custom Elements Manifest', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('name the same properties and the same events', () => {
    const element = manifest();
    const checked = typeCheck(
      element.attributes.map((attribute) => attribute.fieldName),
      element.events.map((event) => event.name),
    );
    assert.equal(checked.status, 0, `the manifest and the framework types have drifted apart:\n${checked.stdout}${checked.stderr}`);
  });

  it('would fail on a drift: an event or a property one side has and the other lacks', () => {
    const element = manifest();
    const fields = element.attributes.map((attribute) => attribute.fieldName);
    const events = element.events.map((event) => event.name);
    assert.notEqual(typeCheck(fields, [...events, 'ctc-ringing']).status, 0, 'an event only the manifest has');
    assert.notEqual(typeCheck(fields.slice(1), events).status, 0, 'a property only the types have');
  });
});
