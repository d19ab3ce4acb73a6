import { en } from './locales/en.js';
import { hi } from './locales/hi.js';

/** Every text the element shows. A locale provides all of them; a page may replace any. */
export interface CtcStrings {
  label: string;
  placeholder: string;
  submit: string;
  sending: string;
  success: string;
  /** Messages by error code; `generic` covers any code without a message of its own. */
  errors: { generic: string } & Record<string, string>;
}

/** What a page may pass as the `strings` property or attribute: any subset, errors included. */
export type CtcStringOverrides = Partial<Omit<CtcStrings, 'errors'>> & { errors?: Record<string, string> };

const locales: Record<string, CtcStrings> = { en, hi };

/** The locale for a BCP 47 tag (`hi-IN` finds `hi`); English when there is none. */
export function localeFor(lang: string | undefined): CtcStrings {
  const primary = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return locales[primary] ?? en;
}

export function mergeStrings(base: CtcStrings, ...overrides: (CtcStringOverrides | undefined)[]): CtcStrings {
  let merged = base;
  for (const override of overrides) {
    if (!override) continue;
    const defined = Object.fromEntries(Object.entries(override).filter(([, text]) => typeof text === 'string'));
    merged = { ...merged, ...defined, errors: { ...merged.errors, ...override.errors } };
  }
  return merged;
}
