import type { CtcStrings } from '../strings.js';
import { en } from './en.js';

declare global {
  /**
   * The locales loaded beside the element, by primary language tag. A global rather than a
   * module's variable, so that a locale script works with the IIFE, the ES build and a bundler's
   * copy of the element alike.
   */
  var clickToCallLocales: Record<string, CtcStrings> | undefined;
}

/** The locale for a BCP 47 tag (`hi-IN` finds `hi`) among those loaded; English when there is none. */
export function localeFor(lang: string | undefined): CtcStrings {
  return globalThis.clickToCallLocales?.[(lang ?? '').toLowerCase().split('-')[0]!] ?? en;
}
