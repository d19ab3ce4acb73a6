import { css } from 'lit';

/*
 * Inherits the page's font and text colour, so it fits a page unstyled; every colour, the radius,
 * the font and the spacing can be changed through the custom properties listed on the class.
 * The other inherited text styles of a page (centred, indented, upper-case, spaced, unwrapped
 * text) would break the form's layout, so they stop at the host. The status line keeps its
 * height when empty so that messages never shift the page.
 */
export const styles = css`
  :host {
    display: block;
    max-width: 28rem;
    font: var(--ctc-font, inherit);
    color: var(--ctc-color-text, inherit);
    text-align: start;
    text-indent: 0;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
    --_accent: var(--ctc-color-accent, #0b57d0);
    --_space: var(--ctc-spacing, 0.75rem);
    --_radius: var(--ctc-radius, 0.5rem);
  }

  /* A page's Latin font seldom has the Indian scripts, and a browser's own fallback may lack
     them too and draw boxes: name the systems' fonts that have them (Windows' Nirmala UI has all
     three; Apple's Kohinoor, Android's and Linux's Noto). Fallback is per character, so one list
     serves every locale. --ctc-font still wins. */
  :host(:lang(hi)),
  :host(:lang(ta)),
  :host(:lang(bn)) {
    font: var(
      --ctc-font,
      1em system-ui,
      'Nirmala UI',
      'Kohinoor Devanagari',
      'Noto Sans Devanagari',
      'Noto Sans Tamil',
      'Noto Sans Bengali',
      sans-serif
    );
  }

  :host([hidden]) {
    display: none;
  }

  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) / 2);
    padding: var(--ctc-padding, 0);
    background: var(--ctc-color-background, transparent);
    border-radius: var(--_radius);
  }

  /* Fixed line heights make the element's height predictable (6.5rem on one row), so a page can
     reserve it before the script arrives: see the README's no-layout-shift style. */
  label {
    font-weight: 600;
    line-height: 1.5;
  }

  /* One row at any width and with any button text: the element's height then never depends on
     where a text wraps, and the reservation holds. A long button text narrows the field, down to
     6rem; past that (some 20 characters at 360 px) it is cut with an ellipsis, its accessible
     name staying whole. */
  .row {
    display: flex;
    gap: calc(var(--_space) / 2);
  }

  input,
  button {
    font: inherit;
    line-height: 1.25;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: var(--_radius);
    min-height: 2.75rem;
    box-sizing: border-box;
  }

  input[type='tel'] {
    flex: 1 1 8rem;
    min-width: 6rem;
    color: inherit;
    background: var(--ctc-color-input-background, transparent);
    border: 1px solid var(--ctc-color-border, #6b7280);
  }

  input[aria-invalid='true'] {
    border-color: var(--ctc-color-error, #b3261e);
  }

  button {
    flex: 0 1 auto;
    min-width: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    cursor: pointer;
    font-weight: 600;
    color: var(--ctc-color-on-accent, #fff);
    background: var(--_accent);
    border: 1px solid var(--_accent);
  }

  button[aria-disabled='true'],
  button:disabled,
  input:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  input:focus-visible,
  button:focus-visible {
    outline: var(--ctc-focus-ring-width, 3px) solid var(--ctc-color-focus, var(--_accent));
    outline-offset: 2px;
  }

  .consent {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
  }

  .status {
    min-height: 1.5em;
    line-height: 1.5;
    margin: 0;
  }

  .status[data-state='error'] {
    color: var(--ctc-color-error, #b3261e);
  }

  .status[data-state='success'] {
    color: var(--ctc-color-success, #146c2e);
  }

  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: opacity 0.15s;
    }
  }
`;
