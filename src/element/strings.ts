import type { FinalCallState } from '../core/call-status.js';

/** Every text the element shows. A locale provides all of them; a page may replace any. */
export interface CtcStrings {
  label: string;
  placeholder: string;
  submit: string;
  sending: string;
  /** While the call is being placed (state `calling`). */
  success: string;
  /** The same, when the proxy said which number will call: `{callerId}` stands for it. */
  successFrom: string;
  /** The floating variant's launcher button. */
  launcher: string;
  /** The floating variant's dialog title. */
  title: string;
  /** The accessible name of the dialog's close button. */
  close: string;
  /** The label of the consent checkbox (`consent="required"`). */
  consent: string;
  /** How the call ended, by its final state. */
  call: Record<FinalCallState, string>;
  /** Messages by error code; `generic` covers any code without a message of its own. */
  errors: { generic: string } & Record<string, string>;
  /** The booking add-on's texts; English is in the add-on itself. */
  booking?: BookingStrings;
}

/** What the booking add-on says; `{time}` stands for a time in the visitor's language and time zone. */
export interface BookingStrings {
  /** While the business is closed: when it opens. */
  closed: string;
  /** The label of the slot choice. */
  callAt: string;
  /** The slot choice's first option while the business is open. */
  now: string;
  /** A booked call, waiting for its time. */
  scheduled: string;
  /** Between two attempts of a redial. */
  redial: string;
}

/** What a page may pass as the `strings` property or attribute: any subset, errors included. */
export type CtcStringOverrides = Partial<Omit<CtcStrings, 'errors' | 'call' | 'booking'>> & {
  booking?: Partial<BookingStrings>;
  errors?: Record<string, string>;
  call?: Partial<Record<FinalCallState, string>>;
};

/** Lays each set of overrides over `base`, later ones winning; texts that are not strings are ignored. */
export function mergeStrings(base: CtcStrings, ...overrides: (CtcStringOverrides | undefined)[]): CtcStrings {
  let merged = base;
  for (const override of overrides) {
    if (!override) continue;
    const defined = Object.fromEntries(Object.entries(override).filter(([, text]) => typeof text === 'string'));
    merged = { ...merged, ...defined, errors: { ...merged.errors, ...override.errors }, call: { ...merged.call, ...override.call } };
  }
  return merged;
}
