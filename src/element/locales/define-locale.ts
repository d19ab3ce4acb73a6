import type { CtcStrings } from '../strings.js';

/**
 * Makes a locale available to every `<click-to-call>` on the page, and redraws the ones already
 * there, which may have drawn in English before the locale's script arrived. English is built
 * in; each other language is a file of its own, so that a page pays only for the languages it
 * uses.
 */
export function defineLocale(tag: string, strings: CtcStrings): void {
  globalThis.clickToCallLocales = { ...globalThis.clickToCallLocales, [tag]: strings };
  if (typeof document === 'undefined') return;
  for (const element of document.querySelectorAll('click-to-call')) (element as unknown as { requestUpdate(): void }).requestUpdate();
}
