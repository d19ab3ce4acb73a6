/**
 * Booking a call for later: load it beside the element
 * (`<script src="https://your-site.example/assets/booking.js">`, or `import 'click-to-call/booking'`).
 * When the visitor starts to use the element (focus in it, which opening the floating launcher
 * does too), it asks the proxy's `/availability` once. It then offers "Call me at" with the next
 * bookable slots (while open, "Now" first); while the business is closed it also says when it
 * opens, in the visitor's own time zone and language. A chosen slot goes with the request as
 * `at`, and the status line says when the call will come, and when a redial will. A file of its
 * own, like the languages: a page that never books pays nothing for it.
 */
import type { TemplateResult } from 'lit';
import type { ProxyScheduled } from '../core/contract.js';
import type { ClickToCall } from './click-to-call.js';
import type { BookingStrings, CtcStrings } from './strings.js';

/** What `/availability` answers. */
interface Availability {
  open: boolean;
  opensAt?: string;
  slots: string[];
}

/** The part of the element the add-on hooks into: the element calls each at its moment. */
export interface BookingAddon {
  /** The visitor started to use the element. */
  use(host: ClickToCall): void;
  /** Drawn under the number's row, with the element's own `html`. */
  render(host: ClickToCall, html: (strings: TemplateStringsArray, ...values: unknown[]) => TemplateResult, strings: CtcStrings): unknown;
  /** The slot the request is for, if the visitor is booking one. */
  at(host: ClickToCall): string | undefined;
  /** The status line while a call waits for its time (booked, or between redials). */
  said(host: ClickToCall, strings: CtcStrings): string | undefined;
}

export const englishBooking: BookingStrings = {
  closed: 'We are closed now. We open {time}.',
  callAt: 'Call me at',
  now: 'Now',
  scheduled: 'We will call you {time}.',
  redial: 'We could not reach you. We will try again {time}.',
};

const known = new WeakMap<ClickToCall, Availability | 'asking'>();
/** The last booking each element made, until its status says more. */
const booked = new WeakMap<ClickToCall, string>();

// The element's own lookup is private to it, and exposing it would cost the element bytes it has not got.
const languageOf = (host: ClickToCall) => host.lang || host.closest('[lang]')?.getAttribute('lang') || undefined;

/** One formatter per language: a render shows up to a hundred slots, and each formatter is costly to make. */
const formats = new Map<string | undefined, Intl.DateTimeFormat>();

/** How this element writes a time for its visitor: their language, their time zone (`Thu, 3 Dec, 9:00 am`). */
function timesFor(host: ClickToCall): (iso: string) => string {
  const lang = languageOf(host);
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    formats.set(lang, format);
  }
  return (iso) => format.format(new Date(iso));
}

/** A day of quarter hours: enough to choose from, and a list a visitor can still scroll. */
export const slotsOffered = 96;

const bookable = (host: ClickToCall) => {
  const availability = known.get(host);
  return typeof availability === 'object' && availability.slots.length > 0 ? availability : undefined;
};

export const booking: BookingAddon = {
  use(host) {
    if (known.has(host) || !host.proxyUrl) return;
    known.set(host, 'asking');
    host.addEventListener('ctc-submit', () => booked.delete(host));
    host.addEventListener('ctc-success', (event) => {
      const response = event.detail.response as unknown as ProxyScheduled;
      if (response.status === 'scheduled') booked.set(host, response.scheduledAt);
    });
    // Next to the call route: `/call` becomes `/availability`.
    const url = new URL('availability', new URL(host.proxyUrl, location.href));
    fetch(url, { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<Availability>) : undefined))
      .then(
        (availability) => {
          if (availability && Array.isArray(availability.slots)) known.set(host, availability);
          host.requestUpdate();
        },
        // Without availability the element places calls for now, as it does without the add-on.
        () => {},
      );
  },

  render(host, html, strings) {
    const availability = bookable(host);
    if (!availability || host.state === 'success') return undefined;
    const texts = { ...englishBooking, ...strings.booking };
    const opens = !availability.open && availability.opensAt;
    const when = timesFor(host);
    // Styled here, not in the element: a page without the add-on carries none of it.
    return html`
      <style>
        .closed { margin: 0; }
        select { font: inherit; color: inherit; background: var(--ctc-color-input-background, transparent); min-height: 2.75rem; padding: 0 var(--_space); border: 1px solid var(--ctc-color-border, #6b7280); border-radius: var(--_radius); }
        select:focus-visible { outline: var(--ctc-focus-ring-width, 3px) solid var(--ctc-color-focus, var(--_accent)); outline-offset: 2px; }
      </style>
      ${opens ? html`<p class="closed" aria-live="polite">${texts.closed.replace('{time}', when(opens))}</p>` : ''}
      <label part="label" for="at">${texts.callAt}</label>
      <select part="slots" id="at">
        ${availability.open ? html`<option value="">${texts.now}</option>` : ''}
        ${availability.slots.slice(0, slotsOffered).map((slot) => html`<option value=${slot}>${when(slot)}</option>`)}
      </select>
    `;
  },

  at(host) {
    return bookable(host) ? host.renderRoot.querySelector('select')?.value || undefined : undefined;
  },

  said(host, strings) {
    const texts = { ...englishBooking, ...strings.booking };
    const status = host.callStatus;
    if (status?.state === 'redial-scheduled' && status.scheduledAt)
      return texts.redial.replace('{time}', timesFor(host)(status.scheduledAt));
    const time = status?.state === 'scheduled' ? status.scheduledAt : status ? undefined : booked.get(host);
    return time ? texts.scheduled.replace('{time}', timesFor(host)(time)) : undefined;
  },
};

globalThis.clickToCallBooking = booking;
