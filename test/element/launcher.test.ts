import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ClickToCall } from '../../src/element/click-to-call.js';
import { makeElement, submitAndWait } from './helpers.js';

function launcherParts(el: ClickToCall) {
  const root = el.shadowRoot!;
  return {
    launcher: root.querySelector<HTMLButtonElement>('[part="launcher"]')!,
    dialog: root.querySelector('dialog')!,
    close: root.querySelector<HTMLButtonElement>('[part="close"]')!,
    input: root.querySelector('input')!,
  };
}

function floating(extra = ''): Promise<ClickToCall> {
  return makeElement(`proxy-url="/fake-proxy/echo" variant="floating" ${extra}`);
}

describe('<click-to-call variant="floating">', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('shows only a launcher until opened, and is accessible closed and open', async () => {
    const el = await floating();
    const { launcher, dialog } = launcherParts(el);
    expect(launcher.textContent!.trim()).to.equal('Call me back');
    expect(launcher.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(dialog.open).to.equal(false);
    expect(getComputedStyle(launcher).position).to.equal('fixed');
    expect(el.getBoundingClientRect().height).to.equal(0);
    await expect(el).to.be.accessible();
    launcher.click();
    await el.updateComplete;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('opens from its launcher by keyboard, puts focus in the number field, and gives it back on Esc', async () => {
    const el = await floating();
    const { launcher, dialog, input } = launcherParts(el);
    launcher.focus();
    const opened = oneEvent(el, 'ctc-open');
    await sendKeys({ press: 'Enter' });
    await opened;
    expect(el.opened).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(dialog.getAttribute('aria-labelledby')).to.equal('title');
    expect(el.shadowRoot!.getElementById('title')!.textContent).to.equal('We will call you back');

    const closed = oneEvent(el, 'ctc-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(dialog.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
  });

  it('keeps Tab inside the dialog: the page behind is inert', async () => {
    const el = await floating();
    const page = document.createElement('button');
    page.textContent = 'a button of the page';
    el.before(page);
    el.open();
    await el.updateComplete;
    const reached = new Set<Element | null>();
    for (let step = 0; step < 8; step++) {
      await sendKeys({ press: 'Tab' });
      reached.add(document.activeElement === el ? el.shadowRoot!.activeElement : document.activeElement);
    }
    const { close, input } = launcherParts(el);
    expect(reached.has(page)).to.equal(false);
    expect(reached.has(close)).to.equal(true);
    expect(reached.has(input)).to.equal(true);
    page.focus();
    expect(document.activeElement).not.to.equal(page);
    page.remove();
  });

  it('opens from any button of the page with open(), and close() gives focus back to that button', async () => {
    const el = await floating();
    const page = document.createElement('button');
    page.textContent = 'Talk to us';
    page.setAttribute('onclick', "document.querySelector('click-to-call').open()");
    el.before(page);
    page.focus();
    const opened = oneEvent(el, 'ctc-open');
    page.click();
    await opened;
    expect(launcherParts(el).dialog.open).to.equal(true);
    const closed = oneEvent(el, 'ctc-close');
    el.close();
    await closed;
    expect(document.activeElement).to.equal(page);
    page.remove();
  });

  it('opens and closes with its open attribute, and with the close button', async () => {
    const el = await floating('open');
    const { dialog, close } = launcherParts(el);
    expect(dialog.open).to.equal(true);
    const closed = oneEvent(el, 'ctc-close');
    close.click();
    await closed;
    expect(el.opened).to.equal(false);
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(dialog.open).to.equal(true);
    el.removeAttribute('open');
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
  });

  it('asks for a call from inside the dialog', async () => {
    const el = await floating('open');
    const success = await submitAndWait(el, '9876543210', 'ctc-success');
    expect(success.detail.callId).to.be.a('string');
    await el.updateComplete;
    expect(launcherParts(el).dialog.open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('fits a 360 px viewport, in either corner', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await floating('position="bottom-left" open');
    const { launcher, dialog } = launcherParts(el);
    const box = dialog.getBoundingClientRect();
    expect(box.left).to.be.at.least(0);
    expect(box.right).to.be.at.most(360);
    expect(box.bottom).to.be.at.most(640);
    expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth);
    el.close();
    await el.updateComplete;
    const button = launcher.getBoundingClientRect();
    expect(button.left).to.be.lessThan(40);
    expect(button.right).to.be.at.most(360);
    expect(button.bottom).to.be.at.most(640);
  });

  it('sits where its custom properties put it, clear of a chat widget', async () => {
    const el = await floating('style="--ctc-offset-bottom: 96px; --ctc-offset-side: 24px"');
    const button = launcherParts(el).launcher.getBoundingClientRect();
    expect(window.innerHeight - button.bottom).to.be.closeTo(96, 1);
    expect(window.innerWidth - button.right).to.be.closeTo(24, 1);
  });

  it('leaves the inline variant as it was: no launcher, no dialog', async () => {
    const el = await makeElement();
    expect(el.shadowRoot!.querySelector('[part="launcher"], dialog')).to.equal(null);
    el.open();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('form')!.checkVisibility()).to.equal(true);
  });
});
