import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/index.js';
import type { StockChat } from '../../widget/src/stock-chat.js';

function part(el: StockChat, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

describe('<stock-chat> without a server', () => {
  it('defines the element and renders the launcher closed by default', async () => {
    const el = await fixture<StockChat>(html`<stock-chat></stock-chat>`);
    expect(customElements.get('stock-chat')).to.equal(el.constructor);
    expect(el.mode).to.equal('launcher');
    expect(el.getAttribute('theme')).to.equal('auto');
    expect(part(el, 'launcher') !== null).to.equal(true);
    expect(part(el, 'panel')!.hidden).to.equal(true);
    expect(el.status).to.equal('idle');
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Not connected');
  });

  it('opens and closes with open() and close(), and with the launcher and Escape', async () => {
    const el = await fixture<StockChat>(html`<stock-chat></stock-chat>`);
    el.open();
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    expect(el.hasAttribute('opened')).to.equal(true);
    expect(part(el, 'panel')!.hidden).to.equal(false);
    expect(part(el, 'launcher')!.getAttribute('aria-expanded')).to.equal('true');
    el.close();
    await el.updateComplete;
    expect(part(el, 'panel')!.hidden).to.equal(true);

    part(el, 'launcher')!.click();
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    expect(el.shadowRoot!.activeElement?.id).to.equal('join-input');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.opened).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'launcher'));
  });

  it('renders inline mode without a launcher, panel always visible', async () => {
    const el = await fixture<StockChat>(html`<stock-chat mode="inline"></stock-chat>`);
    expect(part(el, 'launcher') === null).to.equal(true);
    expect(part(el, 'panel')!.hidden).to.equal(false);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('region');
    expect(part(el, 'room-list') !== null).to.equal(true);
    expect(part(el, 'join-input') !== null).to.equal(true);
  });

  it('applies --stock-chat-* custom properties and the dark theme', async () => {
    const el = await fixture<StockChat>(
      html`<stock-chat mode="inline" style="--stock-chat-bg: rgb(1, 2, 3)"></stock-chat>`,
    );
    expect(getComputedStyle(part(el, 'panel')!).backgroundColor).to.equal('rgb(1, 2, 3)');
    el.style.removeProperty('--stock-chat-bg');
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'panel')!).backgroundColor).to.equal('rgb(17, 24, 39)');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'panel')!).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('exposes parts the host can style with ::part()', async () => {
    const style = document.createElement('style');
    style.textContent = 'stock-chat.parted::part(header) { background: rgb(9, 8, 7); }';
    document.head.append(style);
    const el = await fixture<StockChat>(
      html`<stock-chat class="parted" mode="inline"></stock-chat>`,
    );
    expect(getComputedStyle(part(el, 'header')!).backgroundColor).to.equal('rgb(9, 8, 7)');
    style.remove();
  });

  it('is not broken by hostile host CSS', async () => {
    const style = document.createElement('style');
    style.textContent =
      '* { all: unset !important; box-sizing: content-box !important; } stock-chat { font-size: 60px !important; display: inline !important; }';
    document.head.append(style);
    const el = await fixture<StockChat>(html`<stock-chat mode="inline"></stock-chat>`);
    expect(getComputedStyle(el).display).to.equal('block');
    const input = part(el, 'join-input')!;
    expect(getComputedStyle(input).fontSize).to.equal('14px');
    expect(getComputedStyle(input).boxSizing).to.equal('border-box');
    expect(el.getBoundingClientRect().height).to.be.greaterThan(300);
    style.remove();
  });

  it('switches language with the locale attribute', async () => {
    const el = await fixture<StockChat>(
      html`<stock-chat mode="inline" locale="zh-Hant"></stock-chat>`,
    );
    // The table is fetched next to the code on first use; English shows until it is here.
    await waitUntil(() => part(el, 'join-button')!.textContent!.trim() === '加入');
    expect(part(el, 'status')!.textContent!.trim()).to.equal('未連線');
    el.locale = 'en';
    await el.updateComplete;
    expect(part(el, 'join-button')!.textContent!.trim()).to.equal('Join');
  });

  it('shows an inline error for an invalid ticker and keeps focus in the form', async () => {
    const el = await fixture<StockChat>(html`<stock-chat mode="inline"></stock-chat>`);
    const input = part(el, 'join-input') as HTMLInputElement;
    input.value = 'not a ticker!';
    part(el, 'join-button')!.click();
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#join-error')!.textContent).to.contain('$TSLA');
  });

  it('passes axe accessibility checks in both modes', async () => {
    const inline = await fixture<StockChat>(html`<stock-chat mode="inline"></stock-chat>`);
    await expect(inline).to.be.accessible();
    const launcher = await fixture<StockChat>(html`<stock-chat opened></stock-chat>`);
    await expect(launcher).to.be.accessible();
  });

  it('types its events in GlobalEventHandlersEventMap and lets them leave the shadow root', async () => {
    const el = await fixture<StockChat>(html`<stock-chat mode="inline"></stock-chat>`);
    setTimeout(() =>
      el.shadowRoot!.firstElementChild!.dispatchEvent(
        new CustomEvent('stock-chat-error', {
          detail: { code: 'network', message: 'x' },
          bubbles: true,
          composed: true,
        }),
      ),
    );
    const event = await oneEvent(document.body, 'stock-chat-error');
    expect(event.detail.code).to.equal('network');
  });
});
