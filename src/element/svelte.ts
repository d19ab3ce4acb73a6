/**
 * Types `<click-to-call>` in Svelte 5 templates. Import once, for types only:
 * `import type {} from 'click-to-call/svelte'`. Svelte sets a prop as the element's property
 * when the element has one (register it first), and `onctc-success={…}` listens to `ctc-success`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { ClickToCall } from './click-to-call.js';
import type { ClickToCallEvents, ClickToCallProps } from './framework-types.js';

export type ClickToCallSvelteProps = HTMLAttributes<ClickToCall> &
  ClickToCallProps & {
    /** Attribute names work too: `proxy-url="/call"`. */
    'proxy-url'?: string;
  } & { [Event in keyof ClickToCallEvents as `on${Event}`]?: (event: ClickToCallEvents[Event]) => void };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'click-to-call': ClickToCallSvelteProps;
  }
}
