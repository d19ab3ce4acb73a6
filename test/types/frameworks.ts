/*
 * Type-level tests of the React, Vue and Svelte declarations, checked by `npm test`'s type-check: each
 * `@ts-expect-error` fails the build if the declaration stops refusing what it must refuse.
 * (Vue templates themselves need vue-tsc, which needs TypeScript 5's compiler API.)
 */
import type { JSX } from 'react';
import type { GlobalComponents } from 'vue';
import type { ClickToCall } from '../../src/element/click-to-call.js';
import type { ClickToCallProps } from '../../src/element/framework-types.js';
import type { ClickToCallJSXProps } from '../../src/element/react.js';
import '../../src/element/vue.js';
import type { SvelteHTMLElements } from 'svelte/elements';
import '../../src/element/svelte.js';

type ReactProps = JSX.IntrinsicElements['click-to-call'];
export const reactProps: ReactProps = {
  proxyUrl: '/call',
  ringTime: 20,
  strings: { submit: 'Ring me', errors: { 'too-short': 'Short' } },
  'onctc-success': (event) => event.detail.callId?.toUpperCase(),
  'onctc-error': (event) => event.detail.code.length,
  'onctc-call': (event) => (event.detail.final ? event.detail.state.length : 0),
};
export const sameType: ClickToCallJSXProps = reactProps;
// @ts-expect-error ring time is a number of seconds
export const reactWrongType: ReactProps = { ringTime: '20' };
// @ts-expect-error the detail of ctc-error has no callId
export const reactWrongEvent: ReactProps = { 'onctc-error': (event) => event.detail.callId };
// @ts-expect-error fromType is one of Number, Agent, Group
export const reactWrongChoice: ReactProps = { fromType: 'Phone' };
// @ts-expect-error state is read-only: a prop cannot set it
export const reactReadOnly: ReactProps = { state: 'idle' };
// Props come from the class itself, none listed by hand: a property of the class is a prop of each framework.
export const fromTheClass: ClickToCallProps = { sendingLabel: 'Ringing…' } satisfies Partial<Pick<ClickToCall, 'sendingLabel'>>;

type VueElement = InstanceType<GlobalComponents['click-to-call']>;
export const vueProps: VueElement['$props'] = { proxyUrl: '/call', timeLimit: 300, disabled: true, cooldown: 30, sendingLabel: 'Ringing' };
// @ts-expect-error time limit is a number of seconds
export const vueWrongType: VueElement['$props'] = { timeLimit: 'five minutes' };
export const vueEmit = (element: VueElement, success: GlobalEventHandlersEventMap['ctc-success']) => element.$emit('ctc-success', success);
// @ts-expect-error the element has no such event
export const vueWrongEvent = (element: VueElement, event: Event) => element.$emit('ctc-nonsense', event);

// Svelte 5: the tag in SvelteHTMLElements, with the same props and event details.
type SvelteProps = SvelteHTMLElements['click-to-call'];
export const svelteProps: SvelteProps = {
  proxyUrl: '/call',
  ringTime: 20,
  'onctc-success': (event) => event.detail.callId?.toUpperCase(),
  'onctc-call': (event) => event.detail.state,
};
// @ts-expect-error the detail of ctc-error has no callId
export const svelteWrongEvent: SvelteProps = { 'onctc-error': (event) => event.detail.callId };
// @ts-expect-error ring time is a number of seconds
export const svelteWrongType: SvelteProps = { ringTime: '20' };
