import { callOptionRules, checkCallOption } from '../src/core/call-options.js';
import type { ClickToCall } from '../src/element/click-to-call.js';
import { buildSnippet, customProperties, elementAttributes } from './snippet.js';
import type { SnippetSettings } from './snippet.js';

/** The embed builder: the form drives a live preview and the snippet to copy. */
const form = document.querySelector<HTMLFormElement>('#builder')!;
const preview = document.querySelector<ClickToCall>('#preview')!;
const output = document.querySelector<HTMLTextAreaElement>('#snippet')!;
const copied = document.querySelector<HTMLElement>('#copied')!;

const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
field('scriptUrl').value = `${location.origin}/click-to-call.iife.js`;
field('proxyUrl').value = `${location.origin}/call`;

function settings(): SnippetSettings {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].map(([name, value]) => [name, String(value)])) as unknown as SnippetSettings;
}

/** The builder's numeric call options, the provider's rule for each, and what its range is in words. */
const rangedFields = [
  { name: 'ringTime', rule: callOptionRules.fromRingTime, range: 'a whole number of seconds from 0 to 50' },
  { name: 'timeLimit', rule: callOptionRules.timeLimit, range: 'a whole number of seconds, 1 or more' },
] as const;

/** Marks each out-of-range field at the field; true when every field can work. */
function checkRanges(): boolean {
  let valid = true;
  for (const { name, rule, range } of rangedFields) {
    const input = field(name);
    const said = document.querySelector<HTMLElement>(`#${name}-error`)!;
    const code = input.value === '' ? undefined : checkCallOption(rule, Number(input.value));
    said.textContent = code ? `Must be ${range}: the provider would refuse every call (code ${code}).` : '';
    input.setAttribute('aria-invalid', code ? 'true' : 'false');
    valid &&= code === undefined;
  }
  return valid;
}

function update(): void {
  const chosen = settings();
  if (!checkRanges()) {
    // A snippet that cannot work is worse than none: no visitor could ever be called with it.
    output.value = 'Fix the fields marked above: this snippet would place no call.';
    return;
  }
  for (const attribute of [...preview.attributes]) if (attribute.name !== 'id') preview.removeAttribute(attribute.name);
  for (const [name, value] of elementAttributes(chosen)) preview.setAttribute(name, value);
  preview.removeAttribute('style');
  for (const [name, value] of customProperties(chosen)) preview.style.setProperty(name, value);
  output.value = buildSnippet(chosen);
}

form.addEventListener('input', update);
form.addEventListener('submit', (event) => event.preventDefault());
document.querySelector('#copy')!.addEventListener('click', async () => {
  if (!checkRanges()) {
    copied.textContent = 'Nothing copied: fix the fields marked above first.';
    return;
  }
  try {
    await navigator.clipboard.writeText(output.value);
    copied.textContent = 'Snippet copied.';
  } catch {
    // Without clipboard permission (plain http, some browsers), select the text for Ctrl+C instead.
    output.select();
    copied.textContent = 'This page may not copy for you: the snippet is selected, press Ctrl+C (⌘C on a Mac).';
  }
});
update();
