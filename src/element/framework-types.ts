import type { LitElement } from 'lit';
import type { ClickToCall } from './click-to-call.js';
import type { CtcEventMap } from './events.js';

/** Whether a property of T is writable: a readonly one (a getter, say) is not. */
type IfWritable<T, Key extends keyof T> =
  (<U>() => U extends { [K in Key]: T[Key] } ? 1 : 2) extends <U>() => U extends { -readonly [K in Key]: T[Key] } ? 1 : 2 ? Key : never;

/** The element's own public, writable, non-method properties: the ones a framework may set. */
type SettableProperty = {
  [Key in Exclude<keyof ClickToCall, keyof LitElement>]: ClickToCall[Key] extends (...args: never[]) => unknown
    ? never
    : IfWritable<ClickToCall, Key>;
}[Exclude<keyof ClickToCall, keyof LitElement>];

/** The element's settable properties, as frameworks pass them, derived from the class. */
export type ClickToCallProps = Partial<Pick<ClickToCall, SettableProperty>>;

/** The element's events by name, as events.ts declares them. */
export type ClickToCallEvents = CtcEventMap;
