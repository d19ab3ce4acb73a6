/**
 * Types `<click-to-call>` in React 19 JSX. Import once, for types only:
 * `import type {} from 'click-to-call/react'`. React 19 sets the element's properties directly
 * (`proxyUrl`, `strings`) and adds `on<event name>` props as listeners (`onctc-success`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ClickToCall } from './click-to-call.js';
import type { ClickToCallEvents, ClickToCallProps } from './framework-types.js';

export type ClickToCallJSXProps = DetailedHTMLProps<HTMLAttributes<ClickToCall>, ClickToCall> &
  ClickToCallProps & {
    /** Attribute names work too, for server rendering: `proxy-url="/call"`. */
    'proxy-url'?: string;
    class?: string;
  } & { [Event in keyof ClickToCallEvents as `on${Event}`]?: (event: ClickToCallEvents[Event]) => void };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'click-to-call': ClickToCallJSXProps;
    }
  }
}
