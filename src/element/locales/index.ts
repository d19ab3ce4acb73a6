import type { CtcStrings } from '../strings.js';
import { en } from './en.js';
import { hi } from './hi.js';

const locales: Record<string, CtcStrings> = { en, hi };

/** The locale for a BCP 47 tag (`hi-IN` finds `hi`); English when there is none. */
export function localeFor(lang: string | undefined): CtcStrings {
  const primary = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return locales[primary] ?? en;
}
