import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { callOptionNames } from '../core/call-options.js';
import type { CallOptions, CallRequest } from '../core/call-options.js';
import { readPhone } from '../core/phone-rules.js';
import type { CallStatus } from '../core/call-status.js';
import type { ProxySuccess } from '../core/contract.js';
import { checkCallRequestShape } from '../core/validate.js';
import { styles } from './click-to-call.styles.js';
import { ctcEvent } from './events.js';
import type { BookingAddon } from './booking.js';
import { followCall } from './follow.js';
import { floating, launcherStyles, syncDialog } from './launcher.js';
import type { CtcErrorDetail, CtcEventDetail, CtcEventName, CtcState } from './events.js';
import { localeFor } from './locales/index.js';
import { newIdempotencyKey, postCallRequest } from './request.js';
import type { CallOutcome } from './request.js';
import { mergeStrings } from './strings.js';
import type { CtcStringOverrides, CtcStrings } from './strings.js';

declare global {
  /** Set by the booking add-on when a page loads it; the element works without it, placing calls for now only. */
  var clickToCallBooking: BookingAddon | undefined;
}

/**
 * A phone-number form that asks the site's click-to-call proxy to ring the visitor.
 *
 * @summary Lets a website visitor ask to be called back.
 * @tagname click-to-call
 *
 * @example
 * <script src="/assets/click-to-call.iife.js"></script>
 * <click-to-call proxy-url="https://example.com/call" ring-time="20"></click-to-call>
 *
 * @slot heading - Shown above the form, for a title or a short pitch.
 * @slot success - Replaces the built-in success message after the proxy accepted the call.
 * @slot consent - A notice under the field: what the site does with the number, with a link to its policy.
 * @slot launcher - The floating variant's launcher content (an icon, a text); default: the `launcher` text.
 *
 * @event {CustomEvent<CtcSubmitDetail>} ctc-submit - Before sending; cancelable. Listeners may add fields to `detail.body`.
 * @event {CustomEvent<CtcSuccessDetail>} ctc-success - The proxy accepted the call (`detail.callId` names it), or booked it for later (with the booking add-on).
 * @event {CustomEvent<CtcErrorDetail>} ctc-error - Any failure: validation, network, timeout or the proxy's refusal.
 * @event {CustomEvent<CtcStatusDetail>} ctc-status - Every change of state: idle, validating, sending, success, error.
 * @event {CustomEvent<CtcToggleDetail>} ctc-open - The floating variant's dialog opened.
 * @event {CustomEvent<CtcToggleDetail>} ctc-close - The floating variant's dialog closed: by Esc, its close button or `close()`.
 * @event {CustomEvent<CtcCallDetail>} ctc-call - Each state of the placed call, from its statusUrl: calling, then completed, no-answer, busy, business-unavailable, failed or unknown.
 *
 * @csspart form - The form around everything.
 * @csspart label - The label of the phone field.
 * @csspart input - The phone field.
 * @csspart button - The submit button.
 * @csspart consent - The consent checkbox's label, with `consent="required"`.
 * @csspart slots - The booking add-on's choice of a time, while the business is closed.
 * @csspart status - The live region with progress, success and error messages.
 * @csspart launcher - The floating variant's launcher button.
 * @csspart dialog - The floating variant's dialog.
 * @csspart close - The dialog's close button.
 *
 * @cssproperty --ctc-font - Font of the whole element. Default: the page's.
 * @cssproperty --ctc-color-text - Text colour. Default: the page's.
 * @cssproperty --ctc-color-background - Background of the form. Default: transparent.
 * @cssproperty --ctc-color-input-background - Background of the phone field. Default: transparent.
 * @cssproperty --ctc-color-accent - Button colour and focus ring. Default: #0b57d0.
 * @cssproperty --ctc-color-on-accent - Button text colour. Default: #fff.
 * @cssproperty --ctc-color-border - Border of the phone field. Default: #6b7280.
 * @cssproperty --ctc-color-error - Error text and invalid border. Default: #b3261e.
 * @cssproperty --ctc-color-success - Success text. Default: #146c2e.
 * @cssproperty --ctc-color-focus - Focus ring colour. Default: the accent.
 * @cssproperty --ctc-focus-ring-width - Focus ring width. Default: 3px.
 * @cssproperty --ctc-radius - Corner radius of field and button. Default: 0.5rem.
 * @cssproperty --ctc-spacing - Base spacing. Default: 0.75rem.
 * @cssproperty --ctc-padding - Padding inside the form. Default: 0.
 * @cssproperty --ctc-offset-bottom - The floating launcher's distance from the bottom of the window. Default: 1rem.
 * @cssproperty --ctc-offset-side - The floating launcher's distance from its side of the window, to sit clear of a chat widget. Default: 1rem.
 */
export class ClickToCall extends LitElement {
  static override styles = [styles, launcherStyles];
  // Declared here rather than with decorators: the decorators' helpers cost the bundle about
  // half a kilobyte gzipped, and this list says the same.
  static override properties = {
    proxyUrl: { attribute: 'proxy-url' },
    country: {},
    countries: {},
    lang: { reflect: true },
    disabled: { type: Boolean, reflect: true },
    fromType: { attribute: 'from-type' },
    toType: { attribute: 'to-type' },
    fromStrategy: { attribute: 'from-strategy' },
    toStrategy: { attribute: 'to-strategy' },
    ringTime: { attribute: 'ring-time', type: Number },
    fromRingTime: { attribute: 'from-ring-time', type: Number },
    toRingTime: { attribute: 'to-ring-time', type: Number },
    timeLimit: { attribute: 'time-limit', type: Number },
    fromRetryCount: { attribute: 'from-retry-count', type: Number },
    toRetryCount: { attribute: 'to-retry-count', type: Number },
    timeout: { type: Number },
    cooldown: { type: Number },
    label: {},
    placeholder: {},
    submitLabel: { attribute: 'submit-label' },
    sendingLabel: { attribute: 'sending-label' },
    successMessage: { attribute: 'success-message' },
    strings: { type: Object },
    analytics: {},
    consent: {},
    consentVersion: { attribute: 'consent-version' },
    variant: { reflect: true },
    position: { reflect: true },
    opened: { type: Boolean, reflect: true, attribute: 'open' },
    currentState: { state: true, attribute: false },
    errorDetail: { state: true, attribute: false },
    call: { state: true, attribute: false },
  };

  /** The proxy's address, absolute or relative to the page. Required. */
  proxyUrl: string | undefined;
  /** The region (ISO 3166 alpha-2) used to read numbers written without a country code. */
  country = 'IN';
  /** The countries (comma-separated ISO codes) whose numbers may be entered; default: `country` alone. Match the proxy's allowed countries. */
  countries: string | undefined;
  /** The language of the texts (`en`, `hi`); falls back to the nearest `lang` on the page, then English. */
  declare lang: string;
  /** Disables the form. */
  disabled = false;
  /** Provider `fromType`: Number, Agent or Group. Sent only when set. */
  fromType: CallOptions['fromType'];
  /** Provider `toType`: Number, Agent or Group. Sent only when set. */
  toType: CallOptions['toType'];
  /** Provider `fromStrategy`: ONE_BY_ONE or TO_ALL. Sent only when set. */
  fromStrategy: CallOptions['fromStrategy'];
  /** Provider `toStrategy`: ONE_BY_ONE or TO_ALL. Sent only when set. */
  toStrategy: CallOptions['toStrategy'];
  /** Ring time of both legs in seconds (0-50); `from-ring-time` and `to-ring-time` override it per leg. */
  ringTime: number | undefined;
  /** Provider `fromRingTime`, seconds (0-50). */
  fromRingTime: number | undefined;
  /** Provider `toRingTime`, seconds (0-50). */
  toRingTime: number | undefined;
  /** Provider `timeLimit`: most seconds of talk, ringing excluded (1 or more). */
  timeLimit: number | undefined;
  /** Provider `fromRetryCount` (0-3). */
  fromRetryCount: number | undefined;
  /** Provider `toRetryCount` (0-3). */
  toRetryCount: number | undefined;
  /** Seconds to wait for the proxy before giving up. */
  timeout = 15;
  /** Seconds after a successful request during which no second call can be asked for; it ends early when the call ends. */
  cooldown = 60;
  /** Replaces the label text. */
  label: string | undefined;
  /** Replaces the placeholder text. */
  placeholder: string | undefined;
  /** Replaces the button text. */
  submitLabel: string | undefined;
  /** Replaces the button text while the request is under way. */
  sendingLabel: string | undefined;
  /** Replaces the success message (the `success` slot replaces it with markup). */
  successMessage: string | undefined;
  /** `required`: an unticked checkbox must be ticked before a call can be asked for, and the request carries the agreement. */
  consent: 'required' | undefined;
  /** The version of the consent text the page shows, sent with the agreement so the site can tell later what was agreed to. */
  consentVersion = '1';
  /** `datalayer`: push each `ctc-*` event onto `window.dataLayer` (Google Tag Manager, GA4) with its name, state and code, never the number. */
  analytics: 'datalayer' | undefined;
  /** `floating`: a button fixed to a corner opens the form in a dialog. Default: the form in the page. */
  variant: 'inline' | 'floating' = 'inline';
  /** The floating launcher's corner: `bottom-right` or `bottom-left`. */
  position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  /** Whether the floating variant's dialog is open; reflected as the `open` attribute (the name `open` is the method's). */
  opened = false;
  /** Replaces any texts, error messages by code included: `{ "submit": "Ring me", "errors": { "too-short": "…" } }`. */
  strings: CtcStringOverrides | undefined;

  private currentState: CtcState = 'idle';
  private errorDetail: CtcErrorDetail | undefined;
  private call: CallStatus | undefined;

  /** Where the element is in a submission: idle, validating, sending, success or error. */
  get state(): CtcState {
    return this.currentState;
  }

  /** The placed call's latest status, while the element follows it or after it ended. */
  get callStatus(): CallStatus | undefined {
    return this.call;
  }

  #inFlight: AbortController | undefined;
  #following: AbortController | undefined;
  /** The number the proxy said the call comes from, for the success text. */
  #callerId: string | undefined;
  #cooldownTimer: ReturnType<typeof setTimeout> | undefined;
  /** Kept while the last attempt's outcome is unknown, so a retry of the same body cannot place a second call. */
  #retry: { key: string; body: string } | undefined;

  /** Opens the floating variant's dialog, as its launcher does: `<button onclick="document.querySelector('click-to-call').open()">`. */
  open(): void {
    this.opened = true;
  }

  /** Closes the floating variant's dialog; focus goes back to what opened it. */
  close(): void {
    this.opened = false;
  }

  /**
   * A page rendered on a server holds this element's shadow root already (declarative shadow
   * DOM). Lit hydrates it where the page loads Lit's hydrate support; elsewhere (the CDN builds)
   * it is emptied and drawn afresh, in the same task, so nothing flashes or moves.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    if (!(globalThis as { litElementHydrateSupport?: unknown }).litElementHydrateSupport) this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  override updated(changed: PropertyValues<this>): void {
    if (this.variant !== 'floating' || !changed.has('opened')) return;
    syncDialog(this.renderRoot, this.opened);
    // Not on the first draw of a closed element: nothing was closed.
    if (this.opened || changed.get('opened') !== undefined) this.#emit(this.opened ? 'ctc-open' : 'ctc-close', {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#inFlight?.abort();
    this.#following?.abort();
    clearTimeout(this.#cooldownTimer);
    this.#cooldownTimer = undefined;
  }

  /** The texts in force: locale, then the `strings` property, then the single-text attributes. */
  get #strings(): CtcStrings {
    // No closest() when rendered on a server (@lit-labs/ssr): the page's language is the client's to find.
    const lang = this.lang || this.closest?.('[lang]')?.getAttribute('lang') || undefined;
    return mergeStrings(localeFor(lang), this.strings, {
      label: this.label,
      placeholder: this.placeholder,
      submit: this.submitLabel,
      sending: this.sendingLabel,
      success: this.successMessage,
    });
  }

  /** The body a submission of `phone` posts: the call options by their provider names, only those set. */
  #requestBody(phone: string): CallRequest {
    const body: Record<string, unknown> = { phone };
    const options: CallOptions = {
      ...Object.fromEntries(callOptionNames.map((name) => [name, this[name]])),
      fromRingTime: this.fromRingTime ?? this.ringTime,
      toRingTime: this.toRingTime ?? this.ringTime,
    };
    for (const name of callOptionNames) {
      if (options[name] !== undefined && options[name] !== null) body[name] = options[name];
    }
    return body as CallRequest;
  }

  #setState(state: CtcState): void {
    const previous = this.currentState;
    if (state === previous) return;
    this.currentState = state;
    this.#emit('ctc-status', { state, previous });
  }

  #emit<Name extends CtcEventName>(type: Name, detail: CtcEventDetail<Name>, cancelable = false): boolean {
    if (this.analytics === 'datalayer') {
      // Picked field by field, so that nothing a visitor typed (the number in ctc-submit's body) reaches the analytics.
      const { state, code } = detail as { state?: string; code?: string };
      const global = window as unknown as { dataLayer?: object[] };
      global.dataLayer ??= [];
      global.dataLayer.push({ event: type, ctcState: state ?? this.currentState, ...(code ? { ctcCode: code } : {}) });
    }
    return this.dispatchEvent(ctcEvent(type, detail, cancelable));
  }

  #fail(error: Omit<CtcErrorDetail, 'message'>, proxyMessage?: string): void {
    const messages = this.#strings.errors;
    const message = messages[error.code] ?? proxyMessage ?? messages.generic;
    // Absent rather than undefined, so listeners can compare details as plain data.
    const known = Object.entries({ ...error, message }).filter(([, value]) => value !== undefined);
    this.errorDetail = Object.fromEntries(known) as unknown as CtcErrorDetail;
    this.#setState('error');
    this.#emit('ctc-error', this.errorDetail);
  }

  get #busy(): boolean {
    return this.currentState === 'sending' || this.currentState === 'validating' || this.#cooldownTimer !== undefined;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.disabled || this.#busy) return;
    const input = this.renderRoot.querySelector('input')!;

    this.errorDetail = undefined;
    this.call = undefined;
    this.#following?.abort();
    this.#setState('validating');
    const body = this.#requestBody(input.value);
    const shape = checkCallRequestShape(body);
    if (!shape.ok && shape.field !== 'phone') {
      // The page's own setting is out of the provider's range: the site's fault, which the visitor cannot mend.
      console.warn(
        `<click-to-call>: ${shape.field} is out of the provider's range (it would answer ${shape.code}): no call until the page's setting is fixed.`,
      );
      return this.#fail({ code: shape.code, field: shape.field }, this.#strings.errors['not-configured']);
    }
    if (!shape.ok) return this.#fail({ code: shape.code, field: shape.field });
    const allowed = this.countries
      ?.split(',')
      .map((code) => code.trim())
      .filter(Boolean);
    const phone = readPhone(body.phone, this.country, allowed?.length ? allowed : [this.country]);
    if (!phone.ok) return this.#fail({ code: phone.reason, field: 'phone' });
    if (this.consent === 'required') {
      if (!this.renderRoot.querySelector<HTMLInputElement>('#consent')!.checked)
        return this.#fail({ code: 'consent-required', field: 'consent' });
      body.consent = { version: this.consentVersion, agreedAt: new Date().toISOString() };
    }
    const at = globalThis.clickToCallBooking?.at(this);
    if (at) body.at = at;
    if (!this.proxyUrl) {
      console.error('<click-to-call>: set the proxy-url attribute to the address of your click-to-call proxy.');
      return this.#fail({ code: 'not-configured' });
    }

    if (!this.#emit('ctc-submit', { body }, true)) {
      this.#setState('idle');
      return;
    }
    this.#setState('sending');
    const serialized = JSON.stringify(body);
    const key = this.#retry?.body === serialized ? this.#retry.key : newIdempotencyKey();
    const controller = new AbortController();
    this.#inFlight = controller;
    let outcome: CallOutcome;
    try {
      outcome = await postCallRequest({
        url: this.proxyUrl,
        body,
        idempotencyKey: key,
        timeoutMs: this.timeout * 1000,
        signal: controller.signal,
      });
    } catch {
      return; // The element left the page; nobody is there to tell.
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }

    if (outcome.ok) {
      // A booked call's answer (status "scheduled") has neither: the booking add-on tells its time.
      const { callId, callerId } = outcome.response as ProxySuccess;
      this.#retry = undefined;
      this.#callerId = callerId;
      this.#setState('success');
      this.#emit('ctc-success', { callId, response: outcome.response });
      this.#startCooldown();
      if (outcome.response.statusUrl) this.#follow(new URL(outcome.response.statusUrl, new URL(this.proxyUrl, location.href)).href);
      return;
    }
    this.#retry = outcome.uncertain ? { key, body: serialized } : undefined;
    const { code, field, status, retryAfter } = outcome;
    this.#fail({ code, field, status, retryAfter }, outcome.message);
  }

  #follow(url: string): void {
    const following = new AbortController();
    this.#following = following;
    followCall(
      url,
      (status) => {
        if (status.state === this.call?.state) return;
        this.call = status;
        this.#emit('ctc-call', status);
        // The call is over: the visitor may ask again at once.
        if (status.final && this.#cooldownTimer !== undefined) {
          clearTimeout(this.#cooldownTimer);
          this.#cooldownTimer = undefined;
        }
      },
      following.signal,
    );
  }

  /** The booking add-on, when loaded, asks for the opening hours only now that the visitor is here. */
  #use(): void {
    globalThis.clickToCallBooking?.use(this);
  }

  /** A visitor mending their number should not keep reading what was wrong with the last one. */
  #onInput(): void {
    if (this.currentState !== 'error') return;
    this.errorDetail = undefined;
    this.#setState('idle');
  }

  #startCooldown(): void {
    this.#cooldownTimer = setTimeout(() => {
      this.#cooldownTimer = undefined;
      this.#setState('idle');
    }, Math.max(0, this.cooldown) * 1000);
  }

  override render() {
    const strings = this.#strings;
    const sending = this.currentState === 'sending';
    const success = this.currentState === 'success';
    // A call's end is told until the next submission, even after the cooldown.
    const ended = this.call?.final ? this.call.state : undefined;
    const invalid = this.errorDetail?.field === 'phone';
    const booking = globalThis.clickToCallBooking;
    const waiting = !ended && this.currentState !== 'error' && booking?.said(this, strings);
    const form = html`
      <form part="form" novalidate @submit=${this.#onSubmit} @focusin=${this.#use}>
        <slot name="heading"></slot>
        <label part="label" for="phone">${strings.label}</label>
        <div class="row">
          <input
            part="input"
            id="phone"
            name="phone"
            type="tel"
            autocomplete="tel"
            inputmode="tel"
            placeholder=${strings.placeholder}
            aria-invalid=${invalid ? 'true' : 'false'}
            @input=${this.#onInput}
            aria-describedby=${this.errorDetail ? 'status' : nothing}
            ?readonly=${sending || (success && !ended)}
            ?disabled=${this.disabled}
          />
          <button part="button" type="submit" ?disabled=${this.disabled} aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${sending ? strings.sending : strings.submit}
          </button>
        </div>
        ${booking?.render(this, html, strings)}
        <slot name="consent"></slot>
        ${
          this.consent === 'required'
            ? html`<label part="consent" class="consent"
                ><input type="checkbox" id="consent" aria-invalid=${this.errorDetail?.field === 'consent' ? 'true' : 'false'} />
                ${strings.consent}</label
              >`
            : nothing
        }
        <p part="status" class="status" id="status" data-state=${this.currentState} aria-live="polite" aria-atomic="true">
          ${
            waiting ||
            (ended && this.currentState !== 'error'
              ? strings.call[ended as keyof CtcStrings['call']]
              : success
                ? html`<slot name="success">${this.#callerId && !this.successMessage ? strings.successFrom.replace('{callerId}', this.#callerId) : strings.success}</slot>`
                : nothing)
          }
          ${this.currentState === 'error' ? this.errorDetail?.message : nothing}
        </p>
      </form>
    `;
    return this.variant === 'floating' ? floating(this, strings, form) : form;
  }
}
