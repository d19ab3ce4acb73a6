import { ClickToCall } from './click-to-call.js';

/**
 * Registers the element under `tagName`. Safe to call more than once, as happens when a page
 * includes the script twice: a name that is already taken is left as it is.
 *
 * @example
 * defineClickToCall('shop-callback'); // then <shop-callback proxy-url="/call"></shop-callback>
 */
export function defineClickToCall(tagName = 'click-to-call'): void {
  if (typeof customElements === 'undefined' || customElements.get(tagName)) return;
  // A custom tag needs its own subclass: one constructor cannot be registered under two names.
  customElements.define(tagName, tagName === 'click-to-call' ? ClickToCall : class extends ClickToCall {});
}

declare global {
  interface HTMLElementTagNameMap {
    'click-to-call': ClickToCall;
  }
}
