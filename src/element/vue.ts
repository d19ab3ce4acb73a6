/**
 * Types `<click-to-call>` in Vue templates, as Vue's guide for non-Vue custom elements shows.
 * Import once, for types only: `import type {} from 'click-to-call/vue'`. Pass properties with
 * `:proxy-url` or `.prop` bindings and listen with `@ctc-success`.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ClickToCall } from './click-to-call.js';
import type { ClickToCallEvents, ClickToCallProps } from './framework-types.js';

type VueEmit<Events extends Record<string, Event>> = EmitFn<{ [Name in keyof Events]: (event: Events[Name]) => void }>;

export type ClickToCallVueElement = new () => ClickToCall & {
  /** @deprecated For template type checking only: not a property of the element. */
  $props: HTMLAttributes & ClickToCallProps & PublicProps;
  /** @deprecated For template type checking only: not a property of the element. */
  $emit: VueEmit<{ [Name in keyof ClickToCallEvents]: ClickToCallEvents[Name] }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'click-to-call': ClickToCallVueElement;
  }
}
