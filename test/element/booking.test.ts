import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/element/booking.js';
import type { ClickToCall } from '../../src/element/click-to-call.js';
import '../../src/element/locales/hi.js';
import type { CtcCallDetail } from '../../src/element/events.js';
import { makeElement, parts, requestCount, submitAndWait } from './helpers.js';

/** A time as the add-on shows it: the visitor's language and time zone. */
const shown = (iso: string, lang = 'en') =>
  new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );

async function closedElement(lang = 'en'): Promise<ClickToCall> {
  const el = await makeElement(`proxy-url="/fake-proxy/closed/call" lang="${lang}"`);
  parts(el).input.focus();
  await waitUntil(() => el.shadowRoot!.querySelector('select'), 'the slots');
  return el;
}

describe('booking a call for later (the booking add-on)', () => {
  it('asks for availability only once the visitor starts to use it, and only once', async () => {
    const before = await requestCount('availability-closed');
    const el = await makeElement('proxy-url="/fake-proxy/closed/call"');
    await aTimeout(100);
    expect(await requestCount('availability-closed'), 'nothing on page load').to.equal(before);
    parts(el).input.focus();
    await waitUntil(async () => (await requestCount('availability-closed')) === before + 1);
    parts(el).input.blur();
    parts(el).input.focus();
    await aTimeout(100);
    expect(await requestCount('availability-closed')).to.equal(before + 1);
  });

  it('says when a closed business opens, in the visitor’s time, offers the slots, and is accessible', async () => {
    const el = await closedElement();
    const root = el.shadowRoot!;
    const select = root.querySelector('select')!;
    const options = [...select.options];
    expect(options).to.have.length(3);
    expect(options.map((option) => option.textContent)).to.deep.equal(options.map((option) => shown(option.value)));
    expect(root.querySelector('.closed')!.textContent).to.equal(`We are closed now. We open ${shown(options[0]!.value)}.`);
    expect(root.querySelector('label[for="at"]')!.textContent).to.equal('Call me at');
    await expect(el).to.be.accessible();
  });

  it('books the chosen slot: the request carries it, and the status line says when the call comes, then how it went', async () => {
    const el = await closedElement();
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = select.options[2]!.value;
    const states: string[] = [];
    el.addEventListener('ctc-call', (event) => states.push((event as CustomEvent<CtcCallDetail>).detail.state));
    const success = await submitAndWait(el, '9876543210', 'ctc-success');
    const response = success.detail.response as unknown as { status: string; scheduledAt: string; received: { body: { at: string } } };
    expect([response.status, response.received.body.at]).to.deep.equal(['scheduled', select.options[2]!.value]);
    expect(success.detail.callId).to.equal(undefined);
    await el.updateComplete;
    expect(parts(el).status.textContent!.trim()).to.equal(`We will call you ${shown(response.scheduledAt)}.`);
    expect(el.shadowRoot!.querySelector('select'), 'the choice is made').to.equal(null);
    await expect(el).to.be.accessible();
    await waitUntil(() => states.includes('completed'), 'the outcome');
    expect(states).to.deep.equal(['scheduled', 'calling', 'completed']);
    await el.updateComplete;
    expect(parts(el).status.textContent!.trim()).to.equal('Thanks for talking to us.');
  });

  it('speaks Hindi where the page does', async () => {
    const el = await closedElement('hi');
    const first = el.shadowRoot!.querySelector('select')!.options[0]!.value;
    expect(el.shadowRoot!.querySelector('.closed')!.textContent).to.equal(`अभी हम बंद हैं। हम ${shown(first, 'hi')} खुलेंगे।`);
    expect(el.shadowRoot!.querySelector('select')!.options[0]!.textContent).to.equal(shown(first, 'hi'));
  });

  it('offers "Now" first while the business is open, which sends no time, and no closed notice', async () => {
    const el = await makeElement('proxy-url="/fake-proxy/open/call"');
    parts(el).input.focus();
    await waitUntil(() => el.shadowRoot!.querySelector('select'), 'the slots');
    const select = el.shadowRoot!.querySelector('select')!;
    expect([select.options[0]!.textContent, select.options[0]!.value, select.options.length]).to.deep.equal(['Now', '', 4]);
    expect(el.shadowRoot!.querySelector('.closed')).to.equal(null);
    await expect(el).to.be.accessible();
    const success = await submitAndWait(el, '9876543210', 'ctc-success');
    expect((success.detail.response as unknown as { received: { body: object } }).received.body).not.to.have.property('at');
  });

  it('says when a redial will come while the call waits for it', async () => {
    const el = await makeElement('proxy-url="/fake-proxy/follow/stream/calling,redial-scheduled,calling,no-answer"');
    const redial = new Promise<CtcCallDetail>((resolve) =>
      el.addEventListener('ctc-call', (event) => {
        const { detail } = event as CustomEvent<CtcCallDetail>;
        if (detail.state === 'redial-scheduled') resolve(detail);
      }),
    );
    await submitAndWait(el, '9876543210', 'ctc-success');
    const waiting = await redial;
    await el.updateComplete;
    expect(parts(el).status.textContent!.trim()).to.equal(`We could not reach you. We will try again ${shown(waiting.scheduledAt!)}.`);
    await expect(el).to.be.accessible();
  });

  it('asks when the floating launcher opens, since focus moves into the dialog', async () => {
    const before = await requestCount('availability-closed');
    const wrapper = await fixture(html`<div><click-to-call proxy-url="/fake-proxy/closed/call" variant="floating"></click-to-call></div>`);
    const el = wrapper.querySelector('click-to-call')!;
    const opened = oneEvent(el, 'ctc-open');
    el.open();
    await opened;
    await waitUntil(async () => (await requestCount('availability-closed')) === before + 1);
    await waitUntil(() => el.shadowRoot!.querySelector('dialog select'), 'the slots in the dialog');
    await expect(el).to.be.accessible();
  });
});
