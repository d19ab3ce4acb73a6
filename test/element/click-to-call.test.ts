import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ClickToCall } from '../../src/element/click-to-call.js';
import { defineClickToCall } from '../../src/element/define.js';
import '../../src/element/locales/hi.js';
import type { CtcCallDetail, CtcState } from '../../src/element/events.js';
import { echoed, makeElement, parts, requestCount, submitAndWait, submitNumber, uniqueId } from './helpers.js';

describe('<click-to-call>', () => {
  describe('accessibility', () => {
    it('is accessible when idle', async () => {
      const el = await makeElement();
      await expect(el).to.be.accessible();
    });

    it('is accessible showing an error, with the error tied to the field', async () => {
      const el = await makeElement();
      await submitAndWait(el, '12', 'ctc-error');
      await el.updateComplete;
      const { input, status } = parts(el);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.equal(status.id);
      expect(status.getAttribute('aria-live')).to.equal('polite');
      await expect(el).to.be.accessible();
    });

    it('is accessible after success', async () => {
      const el = await makeElement();
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('labels a real tel input with autocomplete and inputmode', async () => {
      const el = await makeElement();
      const { input, label } = parts(el);
      expect(label.htmlFor).to.equal(input.id);
      expect(label.textContent).to.equal('Your phone number');
      expect(input.type).to.equal('tel');
      expect(input.getAttribute('autocomplete')).to.equal('tel');
      expect(input.getAttribute('inputmode')).to.equal('tel');
    });

    it('can be used with the keyboard alone, with a visible focus ring', async () => {
      const el = await makeElement();
      const success = oneEvent(el, 'ctc-success');
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      const { input, button } = parts(el);
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect(getComputedStyle(input).outlineStyle).to.equal('solid');
      await sendKeys({ type: '98765 43210' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(button);
      expect(getComputedStyle(button).outlineStyle).to.equal('solid');
      await sendKeys({ press: 'Enter' });
      const event = await success;
      expect(echoed(event).body.phone).to.equal('98765 43210');
      before.remove();
    });
  });

  describe('defaults and attributes', () => {
    it('has documented defaults', async () => {
      const el = await makeElement();
      expect(el.country).to.equal('IN');
      expect(el.timeout).to.equal(15);
      expect(el.cooldown).to.equal(60);
      expect(el.disabled).to.equal(false);
      expect(el.state).to.equal('idle');
      expect(el.proxyUrl).to.equal('/fake-proxy/echo');
      expect(parts(el).button.textContent!.trim()).to.equal('Call me');
    });

    it('sends only the phone when no call option is set', async () => {
      const el = await makeElement();
      const event = await submitAndWait(el, '+91 98765 43210', 'ctc-success');
      expect(echoed(event).body).to.deep.equal({ phone: '+91 98765 43210' });
    });

    it('maps every call-option attribute to its provider name', async () => {
      const el = await makeElement(
        'proxy-url="/fake-proxy/echo" from-type="Number" to-type="Agent" from-strategy="ONE_BY_ONE" to-strategy="TO_ALL" ' +
          'from-ring-time="20" to-ring-time="25" time-limit="300" from-retry-count="1" to-retry-count="2"',
      );
      const event = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(echoed(event).body).to.deep.equal({
        phone: '9876543210',
        fromType: 'Number',
        toType: 'Agent',
        fromStrategy: 'ONE_BY_ONE',
        toStrategy: 'TO_ALL',
        fromRingTime: 20,
        toRingTime: 25,
        timeLimit: 300,
        fromRetryCount: 1,
        toRetryCount: 2,
      });
    });

    it('fills both ring times from ring-time, and a leg-specific one wins', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo" ring-time="15" to-ring-time="40"');
      const event = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(echoed(event).body).to.deep.equal({ phone: '9876543210', fromRingTime: 15, toRingTime: 40 });
    });

    it('reflects properties set from script', async () => {
      const el = await makeElement();
      el.timeLimit = 120;
      el.fromRetryCount = 3;
      const event = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(echoed(event).body).to.deep.equal({ phone: '9876543210', timeLimit: 120, fromRetryCount: 3 });
    });

    it('posts JSON with a fresh 128-bit Idempotency-Key', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo" cooldown="0"');
      const first = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      await waitUntil(() => el.state === 'idle');
      const second = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      expect(first.contentType).to.equal('application/json');
      expect(first.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
      expect(second.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
      expect(second.idempotencyKey).not.to.equal(first.idempotencyKey);
    });
  });

  describe('validation before sending', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['call me maybe', 'not-a-number'],
      ['98765', 'too-short'],
      ['98765432101234', 'too-long'],
      ['+1 202 555 0123', 'unsupported-country'],
      ['1234567890', 'invalid-number'],
    ];
    for (const [phone, code] of cases) {
      it(`refuses "${phone}" as ${code}, without a request`, async () => {
        const id = uniqueId();
        const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}"`);
        const event = await submitAndWait(el, phone, 'ctc-error');
        expect(event.detail.code).to.equal(code);
        expect(event.detail.field).to.equal('phone');
        await el.updateComplete;
        expect(parts(el).status.textContent!.trim()).to.equal(event.detail.message);
        expect(event.detail.message).to.not.equal('');
        expect(await requestCount(id)).to.equal(0);
      });
    }

    const optionCases: [string, string, string][] = [
      ['from-ring-time="51"', '1550', 'fromRingTime'],
      ['to-ring-time="-1"', '1527', 'toRingTime'],
      ['ring-time="abc"', '1524', 'fromRingTime'],
      ['time-limit="0"', '1534', 'timeLimit'],
      ['from-retry-count="4"', '1548', 'fromRetryCount'],
      ['to-retry-count="1.5"', '1530', 'toRetryCount'],
      ['from-type="Robot"', '1503', 'fromType'],
      ['to-strategy="ALL"', '1523', 'toStrategy'],
    ];
    for (const [attribute, code, field] of optionCases) {
      it(`refuses ${attribute} with the provider's code ${code}, without a request`, async () => {
        const id = uniqueId();
        const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}" ${attribute}`);
        const warnings: unknown[][] = [];
        const warn = console.warn;
        console.warn = (...args: unknown[]) => void warnings.push(args);
        try {
          const event = await submitAndWait(el, '9876543210', 'ctc-error');
          expect(event.detail).to.include({ code, field });
          // The site's setting, not the visitor's fault: the visitor is told so, the developer why.
          expect(event.detail.message).to.equal('Calls cannot be requested from this page right now.');
          expect(String(warnings[0]?.[0])).to.contain(`${field} is out of the provider's range (it would answer ${code})`);
        } finally {
          console.warn = warn;
        }
        expect(await requestCount(id)).to.equal(0);
      });
    }

    it('clears the error and aria-invalid as the visitor mends the number', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo"');
      await submitAndWait(el, '98765', 'ctc-error');
      await el.updateComplete;
      const { input, status } = parts(el);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      input.focus();
      await sendKeys({ type: '4' });
      await el.updateComplete;
      expect(el.state).to.equal('idle');
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      expect(status.textContent?.trim()).to.equal('');
      expect(input.hasAttribute('aria-describedby')).to.equal(false);
    });

    it('reads numbers of a country without built-in rules by length, and lets the proxy decide', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo" country="US"');
      const event = await submitAndWait(el, '(202) 555-0123', 'ctc-success');
      expect(echoed(event).body.phone).to.equal('(202) 555-0123');
    });

    it('reports a missing proxy-url as not-configured', async () => {
      const el = await makeElement('');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail.code).to.equal('not-configured');
    });
  });

  describe('submitting', () => {
    it('fires ctc-status for every state, in order, and the events bubble out of shadow roots', async () => {
      const el = await makeElement();
      const states: CtcState[] = [];
      const listener = (event: GlobalEventHandlersEventMap['ctc-status']) => states.push(event.detail.state);
      document.addEventListener('ctc-status', listener);
      const success = await submitAndWait(el, '9876543210', 'ctc-success');
      document.removeEventListener('ctc-status', listener);
      expect(states).to.deep.equal(['validating', 'sending', 'success']);
      expect(success.bubbles && success.composed).to.equal(true);
      expect(success.detail.callId).to.match(/^call-\d+$/);
      expect(success.detail.response.status).to.equal('success');
    });

    it('lets a ctc-submit listener cancel the submission', async () => {
      const id = uniqueId();
      const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}"`);
      el.addEventListener('ctc-submit', (event) => event.preventDefault());
      const submitted = oneEvent(el, 'ctc-submit');
      await submitNumber(el, '9876543210');
      const event = await submitted;
      expect(event.cancelable).to.equal(true);
      await aTimeout(50);
      expect(el.state).to.equal('idle');
      expect(await requestCount(id)).to.equal(0);
    });

    it('lets a ctc-submit listener add to the body', async () => {
      const el = await makeElement();
      el.addEventListener('ctc-submit', (event) => {
        event.detail.body['cf-turnstile-response'] = 'token-from-captcha';
      });
      const event = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(echoed(event).body).to.deep.equal({ phone: '9876543210', 'cf-turnstile-response': 'token-from-captcha' });
    });

    it('sends one request however often the button is pressed', async () => {
      const id = uniqueId();
      const el = await makeElement(`proxy-url="/fake-proxy/slow/300?id=${id}"`);
      const success = oneEvent(el, 'ctc-success');
      await submitNumber(el, '9876543210');
      const { button, form } = parts(el);
      button.click();
      button.click();
      form.requestSubmit();
      await el.updateComplete;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.textContent!.trim()).to.equal('Requesting a call…');
      await success;
      button.click();
      await aTimeout(350);
      expect(await requestCount(id)).to.equal(1);
    });

    it('shows what happens next after success and offers no second call during the cooldown', async () => {
      const id = uniqueId();
      const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}" cooldown="0.4"`);
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      const { status, button } = parts(el);
      expect(status.textContent!.trim()).to.equal('We are calling you now. Please keep your phone close.');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      await submitNumber(el, '9876543210');
      await aTimeout(50);
      expect(await requestCount(id)).to.equal(1);
      await waitUntil(() => el.state === 'idle', 'cooldown ends', { timeout: 2000 });
      await submitAndWait(el, '9876543210', 'ctc-success');
      expect(await requestCount(id)).to.equal(2);
    });

    it('aborts a request that outlasts the timeout', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/slow/3000" timeout="0.2"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail.code).to.equal('timeout');
      expect(event.detail.message).to.equal('The server took too long to answer. Please try again.');
    });

    it('reports a proxy that cannot be reached as network-error', async () => {
      const el = await makeElement('proxy-url="http://127.0.0.1:9/call"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail.code).to.equal('network-error');
    });

    it("passes a JSON error through with its code, field, status and the proxy's message", async () => {
      const el = await makeElement('proxy-url="/fake-proxy/error/400/1508"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail).to.deep.equal({ code: '1508', field: 'phone', status: 400, message: 'Proxy says 1508' });
    });

    it("prefers its locale's text to the proxy's for a code it knows", async () => {
      const el = await makeElement('proxy-url="/fake-proxy/error/400/too-short" lang="hi"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail.message).to.equal('यह नंबर बहुत छोटा है। कृपया जाँच कर फिर से लिखें।');
    });

    it("shows the proxy's own message for a code it does not know", async () => {
      const el = await makeElement('proxy-url="/fake-proxy/error/400/some-new-code"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail.message).to.equal('Proxy says some-new-code');
      await el.updateComplete;
      expect(parts(el).status.textContent!.trim()).to.equal('Proxy says some-new-code');
    });

    it('passes a 5xx JSON error through', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/error/504/upstream-timeout"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail).to.include({ code: 'upstream-timeout', status: 504 });
    });

    it('reports the wait a rate-limited answer asks for', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/error/429/rate-limited"');
      const event = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(event.detail).to.include({ code: 'rate-limited', status: 429, retryAfter: 120 });
    });

    it('reports a non-JSON answer as bad-response, and a non-JSON 5xx as server-error', async () => {
      const ok = await makeElement('proxy-url="/fake-proxy/text/200"');
      expect((await submitAndWait(ok, '9876543210', 'ctc-error')).detail).to.include({ code: 'bad-response', status: 200 });
      const failed = await makeElement('proxy-url="/fake-proxy/text/502"');
      expect((await submitAndWait(failed, '9876543210', 'ctc-error')).detail).to.include({ code: 'server-error', status: 502 });
    });

    it('lets the visitor correct the number and retry after an error', async () => {
      const el = await makeElement();
      await submitAndWait(el, '98765', 'ctc-error');
      const event = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(echoed(event).body.phone).to.equal('9876543210');
      await el.updateComplete;
      expect(parts(el).input.getAttribute('aria-invalid')).to.equal('false');
    });

    it('reuses the Idempotency-Key when retrying a submission whose outcome is unknown', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/slow/2000" timeout="0.1"');
      await submitAndWait(el, '9876543210', 'ctc-error');
      el.proxyUrl = '/fake-proxy/echo';
      el.timeout = 15;
      const retried = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));

      const other = await makeElement('proxy-url="/fake-proxy/slow/2000" timeout="0.1"');
      await submitAndWait(other, '9876543210', 'ctc-error');
      other.proxyUrl = '/fake-proxy/echo';
      other.timeout = 15;
      const changed = echoed(await submitAndWait(other, '9876543211', 'ctc-success'));
      expect(retried.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
      expect(changed.idempotencyKey).not.to.equal(retried.idempotencyKey);
    });

    it('reuses the key only for an unknown outcome: a refused request gets a new one on retry', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/slow/2000" timeout="0.1"');
      await submitAndWait(el, '9876543210', 'ctc-error');
      el.proxyUrl = '/fake-proxy/echo';
      el.timeout = 15;
      el.cooldown = 0;
      const first = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      await waitUntil(() => el.state === 'idle');
      const second = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      expect(second.idempotencyKey).not.to.equal(first.idempotencyKey);
    });

    it('abandons the request without events when removed from the page', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/slow/300"');
      const outcomes: string[] = [];
      el.addEventListener('ctc-success', () => outcomes.push('success'));
      el.addEventListener('ctc-error', () => outcomes.push('error'));
      await submitNumber(el, '9876543210');
      await aTimeout(20);
      el.remove();
      await aTimeout(400);
      expect(outcomes).to.deep.equal([]);
    });

    it('does nothing while disabled', async () => {
      const id = uniqueId();
      const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}" disabled`);
      const { input, button, form } = parts(el);
      expect(input.disabled && button.disabled).to.equal(true);
      form.requestSubmit();
      await aTimeout(50);
      expect(el.state).to.equal('idle');
      expect(await requestCount(id)).to.equal(0);
    });
  });

  describe("following the call's status", () => {
    /** Submits, then collects every ctc-call until a final state. */
    async function followTo(el: ClickToCall): Promise<CtcCallDetail[]> {
      const seen: CtcCallDetail[] = [];
      el.addEventListener('ctc-call', (event) => seen.push(event.detail));
      await submitAndWait(el, '9876543210', 'ctc-success');
      await waitUntil(() => seen.at(-1)?.final === true, 'a final state', { timeout: 8000 });
      // The button fades back in as the cooldown ends; axe should see it as it stays.
      await aTimeout(250);
      return seen;
    }

    it('hears each state over the event stream, once each, and says how the call ended', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/follow/stream/calling,completed"');
      const seen = await followTo(el);
      expect(seen.map((status) => status.state)).to.deep.equal(['calling', 'completed']);
      expect(el.callStatus?.state).to.equal('completed');
      await el.updateComplete;
      const { status } = parts(el);
      expect(status.textContent?.trim()).to.equal('Thanks for talking to us.');
      expect(status.getAttribute('aria-live')).to.equal('polite');
      await expect(el).to.be.accessible();
    });

    it('polls the status where the event stream fails', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/follow/poll/calling,busy"');
      const seen = await followTo(el);
      expect(seen.map((status) => status.state)).to.deep.equal(['calling', 'busy']);
      await el.updateComplete;
      expect(parts(el).status.textContent?.trim()).to.equal('Your line was busy. You can ask for another call now.');
      await expect(el).to.be.accessible();
    });

    it('lets the visitor ask again at once after no-answer, before the cooldown would end', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/follow/stream/calling,no-answer" cooldown="600"');
      await followTo(el);
      await el.updateComplete;
      expect(parts(el).input.readOnly).to.equal(false);
      expect(parts(el).button.getAttribute('aria-disabled')).to.equal('false');
      const again = await submitAndWait(el, '9876543210', 'ctc-success');
      expect(again.detail.callId).to.be.a('string');
    });

    for (const [state, text] of [
      ['completed', 'Thanks for talking to us.'],
      ['no-answer', 'We could not reach you. You can ask for another call now.'],
      ['busy', 'Your line was busy. You can ask for another call now.'],
      ['business-unavailable', 'Sorry, nobody could take your call. You can ask for another call now.'],
      ['failed', 'Sorry, the call could not be connected. Please try again later.'],
      ['unknown', 'We could not tell how the call went. If we missed you, please ask again.'],
    ] as const) {
      it(`says ${state} in the live region, accessibly`, async () => {
        const el = await makeElement(`proxy-url="/fake-proxy/follow/stream/calling,${state}"`);
        await followTo(el);
        await el.updateComplete;
        expect(parts(el).status.textContent?.trim()).to.equal(text);
        await expect(el).to.be.accessible();
      });
    }

    it('tells each final state in Hindi too', async () => {
      const el = await makeElement('lang="hi" proxy-url="/fake-proxy/follow/stream/calling,business-unavailable"');
      await followTo(el);
      await el.updateComplete;
      expect(parts(el).status.textContent?.trim()).to.equal('क्षमा करें, कोई आपकी कॉल नहीं ले सका। आप अभी फिर से कॉल माँग सकते हैं।');
      await expect(el).to.be.accessible();
    });

    it('stops following when removed from the page', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/follow/poll/calling,calling,calling,completed"');
      const success = await submitAndWait(el, '9876543210', 'ctc-success');
      const statusId = success.detail.response.statusUrl!.split('/').at(-1)!;
      await waitUntil(async () => (await requestCount(`status-${statusId}`)) >= 2, 'the first poll');
      el.remove();
      const reads = await requestCount(`status-${statusId}`);
      await aTimeout(3500);
      expect(await requestCount(`status-${statusId}`)).to.equal(reads);
    });
  });

  describe('consent', () => {
    it('asks for a tick before any request, then sends what was agreed to', async () => {
      const id = uniqueId();
      const el = await makeElement(
        `proxy-url="/fake-proxy/echo?id=${id}" consent="required" consent-version="2026-01"`,
        '<p slot="consent">We use your number only to call you back. <a href="/privacy">Privacy policy</a></p>',
      );
      const checkbox = el.shadowRoot!.querySelector<HTMLInputElement>('#consent')!;
      expect(checkbox.checked).to.equal(false);
      expect(checkbox.closest('label')!.textContent?.trim()).to.equal('I agree to be called back on this number.');
      await expect(el).to.be.accessible();
      const refused = await submitAndWait(el, '9876543210', 'ctc-error');
      expect(refused.detail).to.include({
        code: 'consent-required',
        field: 'consent',
        message: 'Please tick the box to agree to be called.',
      });
      await el.updateComplete;
      expect(checkbox.getAttribute('aria-invalid')).to.equal('true');
      expect(await requestCount(id)).to.equal(0);
      await expect(el).to.be.accessible();
      checkbox.focus();
      await sendKeys({ press: 'Space' });
      expect(checkbox.checked).to.equal(true);
      const sent = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      const consent = sent.body.consent as { version: string; agreedAt: string };
      expect(consent.version).to.equal('2026-01');
      expect(Number.isNaN(Date.parse(consent.agreedAt))).to.equal(false);
    });

    it('shows a consent notice without a checkbox unless one is required', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo"', '<p slot="consent">We call you back once.</p>');
      expect(el.shadowRoot!.querySelector('#consent')).to.equal(null);
      const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="consent"]')!;
      expect(slot.assignedElements()[0]?.textContent).to.equal('We call you back once.');
      const sent = echoed(await submitAndWait(el, '9876543210', 'ctc-success'));
      expect('consent' in sent.body).to.equal(false);
    });
  });

  describe('who will call, and analytics', () => {
    it('says which number will call when the proxy tells it', async () => {
      const el = await makeElement(`proxy-url="/fake-proxy/caller/${encodeURIComponent('+91 80 4567 8900')}"`);
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      expect(parts(el).status.textContent?.trim()).to.equal('We are calling you now from +91 80 4567 8900. Please keep your phone close.');
      await expect(el).to.be.accessible();
    });

    it("keeps the page's own success message, caller id or not", async () => {
      const el = await makeElement(
        `proxy-url="/fake-proxy/caller/${encodeURIComponent('+91 80 4567 8900')}" success-message="Thanks! Speak soon."`,
      );
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      expect(parts(el).status.textContent?.trim()).to.equal('Thanks! Speak soon.');
    });

    it('pushes each event onto dataLayer with its name, state and code, and never the number', async () => {
      const global = window as unknown as { dataLayer?: Record<string, unknown>[] };
      global.dataLayer = [];
      const el = await makeElement('proxy-url="/fake-proxy/echo" analytics="datalayer"');
      await submitAndWait(el, '98765', 'ctc-error');
      await submitAndWait(el, '98765 43210', 'ctc-success');
      const pushed = global.dataLayer;
      expect(pushed.map((entry) => entry.event)).to.include.members(['ctc-status', 'ctc-error', 'ctc-submit', 'ctc-success']);
      expect(pushed.find((entry) => entry.event === 'ctc-error')).to.deep.equal({
        event: 'ctc-error',
        ctcState: 'error',
        ctcCode: 'too-short',
      });
      expect(pushed.find((entry) => entry.event === 'ctc-success')).to.deep.equal({ event: 'ctc-success', ctcState: 'success' });
      expect(JSON.stringify(pushed)).to.not.match(/98765|43210/);
    });

    it('pushes nothing without analytics="datalayer"', async () => {
      const global = window as unknown as { dataLayer?: unknown[] };
      global.dataLayer = [];
      const el = await makeElement('proxy-url="/fake-proxy/echo"');
      await submitAndWait(el, '9876543210', 'ctc-success');
      expect(global.dataLayer).to.deep.equal([]);
    });
  });

  describe('languages loaded separately', () => {
    it('speaks English until a language’s script arrives, then redraws in it', async () => {
      const el = await makeElement('lang="ta" proxy-url="/fake-proxy/echo"');
      expect(parts(el).label.textContent?.trim()).to.equal('Your phone number');
      await import('../../src/element/locales/ta.js');
      await el.updateComplete;
      expect(parts(el).label.textContent?.trim()).to.equal('உங்கள் தொலைபேசி எண்');
      expect(parts(el).button.textContent?.trim()).to.equal('என்னை அழையுங்கள்');
      await expect(el).to.be.accessible();
    });

    it('takes Bengali from its file, validation messages included', async () => {
      await import('../../src/element/locales/bn.js');
      const el = await makeElement('lang="bn-IN" proxy-url="/fake-proxy/echo"');
      expect(parts(el).label.textContent?.trim()).to.equal('আপনার ফোন নম্বর');
      const event = await submitAndWait(el, '98765', 'ctc-error');
      expect(event.detail.message).to.equal('নম্বরটি খুব ছোট। অনুগ্রহ করে যাচাই করে আবার চেষ্টা করুন।');
      await expect(el).to.be.accessible();
    });
  });

  describe('texts', () => {
    it('takes its texts from attributes', async () => {
      const el = await makeElement(
        'proxy-url="/fake-proxy/echo" label="Mobile" placeholder="10 digits" submit-label="Ring me" success-message="Ringing!"',
      );
      const { label, input, button, status } = parts(el);
      expect(label.textContent).to.equal('Mobile');
      expect(input.placeholder).to.equal('10 digits');
      expect(button.textContent!.trim()).to.equal('Ring me');
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('Ringing!');
    });

    it('takes texts and error messages from the strings property, and attributes win over it', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo" submit-label="From attribute"');
      el.strings = { label: 'From property', submit: 'Not shown', errors: { 'too-short': 'Short!' } };
      await el.updateComplete;
      expect(parts(el).label.textContent).to.equal('From property');
      expect(parts(el).button.textContent!.trim()).to.equal('From attribute');
      const event = await submitAndWait(el, '98', 'ctc-error');
      expect(event.detail.message).to.equal('Short!');
    });

    it('reads the strings attribute as JSON', async () => {
      const el = await makeElement(`proxy-url="/fake-proxy/echo" strings='{"sending":"Wait…","errors":{"empty":"Type it!"}}'`);
      const event = await submitAndWait(el, '', 'ctc-error');
      expect(event.detail.message).to.equal('Type it!');
    });

    it('speaks Hindi with lang="hi", and takes the language of the page around it', async () => {
      const el = await makeElement('proxy-url="/fake-proxy/echo" lang="hi"');
      expect(parts(el).button.textContent!.trim()).to.equal('मुझे कॉल करें');
      const event = await submitAndWait(el, '', 'ctc-error');
      expect(event.detail.message).to.equal('कृपया अपना फ़ोन नंबर लिखें।');

      const wrapper = await fixture(html`<div lang="hi-IN"><click-to-call proxy-url="/fake-proxy/echo"></click-to-call></div>`);
      const inner = wrapper.querySelector('click-to-call')!;
      await inner.updateComplete;
      expect(parts(inner).label.textContent).to.equal('आपका फ़ोन नंबर');
    });

    it('shows slotted heading and success content', async () => {
      const el = await makeElement(
        'proxy-url="/fake-proxy/echo"',
        '<h2 slot="heading">Talk to sales</h2><strong slot="success">Pick up in a moment!</strong>',
      );
      const headingSlot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="heading"]')!;
      expect(headingSlot.assignedElements()[0]!.textContent).to.equal('Talk to sales');
      await submitAndWait(el, '9876543210', 'ctc-success');
      await el.updateComplete;
      const successSlot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="success"]')!;
      expect(successSlot.assignedElements()[0]!.textContent).to.equal('Pick up in a moment!');
    });
  });

  describe('embedding', () => {
    it('exposes the parts and custom properties it documents', async () => {
      const el = await makeElement();
      for (const part of ['form', 'label', 'input', 'button', 'status']) {
        expect(el.shadowRoot!.querySelector(`[part="${part}"]`), part).to.exist;
      }
      el.style.setProperty('--ctc-color-accent', 'rgb(1, 2, 3)');
      expect(getComputedStyle(parts(el).button).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('inherits the page font by default', async () => {
      const wrapper = await fixture(html`<div style="font-family: Georgia, serif"><click-to-call></click-to-call></div>`);
      const el = wrapper.querySelector('click-to-call')!;
      await el.updateComplete;
      expect(getComputedStyle(parts(el).input).fontFamily).to.equal('Georgia, serif');
    });

    it('names the systems’ fonts for Devanagari, Tamil and Bengali in those languages, at the page’s size', async () => {
      for (const lang of ['hi', 'ta', 'bn']) {
        const wrapper = await fixture(html`<div lang=${lang} style="font: 20px Georgia, serif"><click-to-call></click-to-call></div>`);
        const el = wrapper.querySelector('click-to-call')!;
        await el.updateComplete;
        const style = getComputedStyle(parts(el).input);
        expect(style.fontFamily, lang).to.include('"Nirmala UI"').and.include('"Noto Sans Devanagari"').and.include('"Noto Sans Tamil"');
        expect(style.fontSize, lang).to.equal('20px');
      }
      const chosen = await fixture(html`<click-to-call lang="hi" style="--ctc-font: 18px Georgia, serif"></click-to-call>`);
      expect(getComputedStyle(parts(chosen as ClickToCall).input).fontFamily, 'the page’s --ctc-font wins').to.equal('Georgia, serif');
    });

    it('keeps the documented 6.5rem height on a 360 px screen whatever the button says', async () => {
      for (const attributes of ['', 'lang="hi"', 'lang="ta"', 'submit-label="Please call me back as soon as you can"']) {
        const wrapper = await fixture(
          `<div style="width: 328px; font-size: 16px"><click-to-call proxy-url="/fake-proxy/echo" ${attributes}></click-to-call></div>`,
        );
        const el = wrapper.querySelector('click-to-call')!;
        await el.updateComplete;
        expect(el.getBoundingClientRect().height, attributes).to.equal(104);
        const { input, button } = parts(el);
        expect(button.getBoundingClientRect().right, attributes).to.be.at.most(wrapper.getBoundingClientRect().right);
        expect(input.getBoundingClientRect().width, attributes).to.be.at.least(96);
      }
    });

    it("keeps the page's text alignment, indent, case, spacing and wrapping out of its layout", async () => {
      const page =
        'text-align: center; text-indent: 6em; text-transform: uppercase; letter-spacing: 0.4em; word-spacing: 2em; white-space: nowrap; width: 30rem';
      const wrapper = await fixture(html`<div style=${page}><click-to-call proxy-url="/fake-proxy/echo"></click-to-call></div>`);
      const el = wrapper.querySelector('click-to-call')!;
      await el.updateComplete;
      const { form, label, status } = parts(el);
      for (const part of [label, status]) {
        const style = getComputedStyle(part);
        expect([
          style.textAlign,
          style.textIndent,
          style.textTransform,
          style.letterSpacing,
          style.wordSpacing,
          style.whiteSpace,
        ]).to.deep.equal(['start', '0px', 'none', 'normal', '0px', 'normal']);
      }
      // The label starts at the form's left edge, as on a page without those styles.
      const range = document.createRange();
      range.selectNodeContents(label);
      expect(Math.round(range.getBoundingClientRect().left)).to.equal(Math.round(form.getBoundingClientRect().left));
      expect(getComputedStyle(wrapper as HTMLElement).textAlign, 'the page itself stays centred').to.equal('center');
    });

    it('survives being registered twice, and registers under a custom tag', async () => {
      expect(() => defineClickToCall()).not.to.throw();
      expect(customElements.get('click-to-call')).to.equal(ClickToCall);
      defineClickToCall('my-callback');
      defineClickToCall('my-callback');
      const custom = await fixture<ClickToCall>('<my-callback proxy-url="/fake-proxy/echo"></my-callback>');
      expect(custom).to.be.instanceOf(ClickToCall);
      const event = await submitAndWait(custom, '9876543210', 'ctc-success');
      expect(event.detail.callId).to.match(/^call-/);
    });

    it('makes no network request before the visitor submits', async () => {
      const id = uniqueId();
      const el = await makeElement(`proxy-url="/fake-proxy/echo?id=${id}"`);
      const { input } = parts(el);
      input.focus();
      await sendKeys({ type: '98765' });
      await aTimeout(100);
      const requests = performance.getEntriesByType('resource').filter((entry) => entry.name.includes(id));
      expect(requests).to.deep.equal([]);
      expect(await requestCount(id)).to.equal(0);
    });

    it('keeps two instances on one page independent', async () => {
      const wrapper = await fixture(html`<div>
        <click-to-call id="a" proxy-url="/fake-proxy/echo" ring-time="10"></click-to-call>
        <click-to-call id="b" proxy-url="/fake-proxy/echo" time-limit="60"></click-to-call>
      </div>`);
      const a = wrapper.querySelector<ClickToCall>('#a')!;
      const b = wrapper.querySelector<ClickToCall>('#b')!;
      await Promise.all([a.updateComplete, b.updateComplete]);
      const failed = await submitAndWait(a, '12', 'ctc-error');
      const succeeded = await submitAndWait(b, '9876543210', 'ctc-success');
      expect(failed.detail.code).to.equal('too-short');
      expect(echoed(succeeded).body).to.deep.equal({ phone: '9876543210', timeLimit: 60 });
      expect(a.state).to.equal('error');
      expect(b.state).to.equal('success');
      const fromA = echoed(await submitAndWait(a, '9876543210', 'ctc-success'));
      expect(fromA.body).to.deep.equal({ phone: '9876543210', fromRingTime: 10, toRingTime: 10 });
    });
  });
});
