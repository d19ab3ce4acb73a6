/**
 * React: a component for React 18 and 19, and the JSX types of the bare element for React 19.
 *
 * The component (`import { ClickToCall } from 'click-to-call/react'`) is made with `@lit/react`:
 * it sets every prop the element declares as a property (React 18 would set `proxyUrl` as an
 * attribute named `proxyurl`, and the element would never call) and turns `onCtcSuccess`-style
 * props into listeners. It registers `<click-to-call>` itself.
 *
 * React 19 also handles the bare element well: `import type {} from 'click-to-call/react'`
 * types `<click-to-call proxyUrl="/call" onctc-success={…} />` in JSX.
 */
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import * as React from 'react';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import { ClickToCall as ClickToCallElement } from './click-to-call.js';
import type { CtcCallDetail, CtcErrorDetail, CtcStatusDetail, CtcSubmitDetail, CtcSuccessDetail, CtcToggleDetail } from './events.js';
import type { ClickToCallEvents, ClickToCallProps } from './framework-types.js';
import './register.js';

/** The element as a React component: its properties as props, its events as `onCtc…` props. */
export const ClickToCall = createComponent({
  tagName: 'click-to-call',
  elementClass: ClickToCallElement,
  react: React,
  events: {
    onCtcSubmit: 'ctc-submit' as EventName<CustomEvent<CtcSubmitDetail>>,
    onCtcSuccess: 'ctc-success' as EventName<CustomEvent<CtcSuccessDetail>>,
    onCtcError: 'ctc-error' as EventName<CustomEvent<CtcErrorDetail>>,
    onCtcStatus: 'ctc-status' as EventName<CustomEvent<CtcStatusDetail>>,
    onCtcCall: 'ctc-call' as EventName<CustomEvent<CtcCallDetail>>,
    onCtcOpen: 'ctc-open' as EventName<CustomEvent<CtcToggleDetail>>,
    onCtcClose: 'ctc-close' as EventName<CustomEvent<CtcToggleDetail>>,
  },
  displayName: 'ClickToCall',
});

export type ClickToCallJSXProps = DetailedHTMLProps<HTMLAttributes<ClickToCallElement>, ClickToCallElement> &
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
