import { css, html } from 'lit';
import type { TemplateResult } from 'lit';
import type { CtcStrings } from './strings.js';

/** What the floating variant needs of its element. */
export interface LauncherHost {
  open(): void;
  close(): void;
}

/**
 * `variant="floating"`: a button fixed to a corner that opens the form in a modal `<dialog>`.
 * The platform's modal dialog already does what such a widget must: it moves focus in, makes
 * the page behind inert (so Tab stays inside), closes on Esc and gives focus back to whatever
 * opened it, on the page or in the element. The element only keeps its `opened` in step.
 */
export function floating(host: LauncherHost, strings: CtcStrings, content: TemplateResult): TemplateResult {
  return html`
    <button part="launcher" class="launcher" type="button" aria-haspopup="dialog" @click=${() => host.open()}>
      <slot name="launcher">${strings.launcher}</slot>
    </button>
    <dialog part="dialog" aria-labelledby="title" @close=${() => host.close()}>
      <div class="head">
        <h2 id="title">${strings.title}</h2>
        <button part="close" class="close" type="button" aria-label=${strings.close} @click=${() => host.close()}>&times;</button>
      </div>
      ${content}
    </dialog>
  `;
}

/** Opens or closes the dialog to match `open`. */
export function syncDialog(root: ParentNode, open: boolean): void {
  const dialog = root.querySelector('dialog');
  if (!dialog || dialog.open === open) return;
  if (open) {
    dialog.showModal();
    // The platform would focus the first control, the close button; the visitor came to type a number.
    dialog.querySelector<HTMLElement>('input[type=tel]')?.focus();
  } else dialog.close();
}

export const launcherStyles = css`
  .launcher {
    position: fixed;
    z-index: 2147483000;
    bottom: var(--ctc-offset-bottom, 1rem);
    right: var(--ctc-offset-side, 1rem);
    border-radius: 999px;
    box-shadow: 0 2px 8px #0004;
  }

  :host([position='bottom-left']) .launcher {
    right: auto;
    left: var(--ctc-offset-side, 1rem);
  }

  dialog {
    box-sizing: border-box;
    width: min(28rem, 100vw - 1rem);
    max-height: calc(100dvh - 1rem);
    padding: var(--_space);
    border: 0;
    border-radius: var(--_radius);
    color: var(--ctc-color-text, #1f1f1f);
    background: var(--ctc-color-background, #fff);
    overflow: auto;
  }

  dialog::backdrop {
    background: #0007;
  }

  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  h2 {
    font-size: 1.25em;
    margin: 0;
  }

  .close {
    color: inherit;
    background: none;
    border-color: transparent;
    font-size: 1.5em;
    line-height: 1;
    min-width: 2.75rem;
    padding: 0;
  }
`;
