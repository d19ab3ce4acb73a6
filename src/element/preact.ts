/**
 * Types `<click-to-call>` in Preact JSX. Import once, for types only:
 * `import type {} from 'click-to-call/preact'`. Preact sets a prop as the element's property when
 * the element has one (`proxyUrl`, `strings`), and `onctc-success` adds a `ctc-success` listener.
 */
import type { HTMLAttributes } from 'preact';
import type { ClickToCall } from './click-to-call.js';
import type { ClickToCallEvents, ClickToCallProps } from './framework-types.js';

export type ClickToCallPreactProps = Omit<HTMLAttributes<ClickToCall>, keyof ClickToCallProps> &
  ClickToCallProps & {
    /** Attribute names work too, for server rendering: `proxy-url="/call"`. */
    'proxy-url'?: string;
  } & { [Event in keyof ClickToCallEvents as `on${Event}`]?: (event: ClickToCallEvents[Event]) => void };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'click-to-call': ClickToCallPreactProps;
    }
  }
}
