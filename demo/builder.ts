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

function update(): void {
  const chosen = settings();
  for (const attribute of [...preview.attributes]) if (attribute.name !== 'id') preview.removeAttribute(attribute.name);
  for (const [name, value] of elementAttributes(chosen)) preview.setAttribute(name, value);
  preview.removeAttribute('style');
  for (const [name, value] of customProperties(chosen)) preview.style.setProperty(name, value);
  output.value = buildSnippet(chosen);
}

form.addEventListener('input', update);
form.addEventListener('submit', (event) => event.preventDefault());
document.querySelector('#copy')!.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(output.value);
  } catch {
    // Without clipboard permission (plain http, some browsers), select the text for Ctrl+C instead.
    output.select();
  }
  copied.textContent = 'Snippet copied.';
});
update();
