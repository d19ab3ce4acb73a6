import { fixture, oneEvent } from '@open-wc/testing';
import type { ClickToCall } from '../../src/element/click-to-call.js';
import '../../src/element/register.js';

let sequence = 0;
/** A fresh id, so each test counts only its own requests at the fake proxy. */
export function uniqueId(): string {
  return `t${Date.now()}-${sequence++}`;
}

export async function requestCount(id: string): Promise<number> {
  const response = await fetch(`/fake-proxy/count?id=${id}`);
  return ((await response.json()) as { count: number }).count;
}

export function parts(el: ClickToCall) {
  const root = el.shadowRoot!;
  return {
    form: root.querySelector('form')!,
    label: root.querySelector('label')!,
    input: root.querySelector('input')!,
    button: root.querySelector<HTMLButtonElement>('button[type="submit"]')!,
    status: root.querySelector('[part="status"]')! as HTMLElement,
  };
}

/** Types a number and presses the button, as a visitor would with a mouse. */
export async function submitNumber(el: ClickToCall, phone: string): Promise<void> {
  const { input, button } = parts(el);
  input.value = phone;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  button.click();
}

export async function submitAndWait<T extends keyof GlobalEventHandlersEventMap>(
  el: ClickToCall,
  phone: string,
  eventName: T,
): Promise<GlobalEventHandlersEventMap[T]> {
  const outcome = oneEvent(el, eventName);
  await submitNumber(el, phone);
  return (await outcome) as GlobalEventHandlersEventMap[T];
}

export function makeElement(attributes = 'proxy-url="/fake-proxy/echo"', content = ''): Promise<ClickToCall> {
  return fixture<ClickToCall>(`<click-to-call ${attributes}>${content}</click-to-call>`);
}

/** The echo proxy's record of what reached it. */
export interface Echoed {
  body: Record<string, unknown>;
  contentType: string;
  idempotencyKey: string;
}

export function echoed(event: CustomEvent<{ response: unknown }>): Echoed {
  return (event.detail.response as { received: Echoed }).received;
}
