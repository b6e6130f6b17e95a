import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { Outbox } from '../../widget/src/outbox.js';
import {
  part,
  run,
  say as type,
  serverUrl,
  texts,
  ticker,
  token,
  twoWidgets,
  useRealServer,
  widget,
} from './support/widgets.js';

// These tests run against the real server, started once by the plugin in
// web-test-runner.config.mjs (tests/support/server.ts, port 0).

useRealServer();

async function online(el: StockChat): Promise<void> {
  await waitUntil(() => el.status === 'online', 'widget did not come online', { timeout: 10_000 });
}

describe('<stock-chat> with the real server', () => {
  it('connects with a token attribute, shows Online and fires stock-chat-ready', async () => {
    const sub = `ready-${run}`;
    const el = document.createElement('stock-chat');
    el.mode = 'inline';
    el.server = serverUrl();
    el.token = await token(sub, { name: 'Ready' });
    const ready = oneEvent(document, 'stock-chat-ready');
    document.body.append(el);
    const event = await ready;
    expect(event.detail.user.id).to.equal(sub);
    expect(el.status).to.equal('online');
    expect(part(el, 'status')!.dataset.status).to.equal('online');
    el.remove();
  });

  it('joins a ticker typed as "tsla" and sends with Enter, showing Sent', async () => {
    const room = ticker();
    const el = await widget(`sender-${run}`);
    const input = part(el, 'join-input') as HTMLInputElement;
    input.value = room.slice(1).toLowerCase();
    part(el, 'join-button')!.click();
    await waitUntil(() => part(el, 'conversation'), 'room did not open');
    expect(el.shadowRoot!.querySelector('.conv-title')!.textContent).to.equal(room);
    await type(el, 'first line');
    await waitUntil(() => part(el, 'message-state')?.textContent?.trim() === 'Sent', 'not sent');
    expect(texts(el)).to.deep.equal(['first line']);

    const textarea = part(el, 'input') as HTMLTextAreaElement;
    textarea.focus();
    await sendKeys({ type: 'a' });
    await sendKeys({ press: 'Shift+Enter' });
    await sendKeys({ type: 'b' });
    expect(textarea.value).to.equal('a\nb');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => texts(el).length === 2, 'second message missing');
    expect(texts(el)[1]).to.equal('a\nb');
    expect(textarea.value).to.equal('');
  });

  it('renders message text as text: markup shows literally and runs nothing', async () => {
    const el = await widget(`xss-${run}`, { room: ticker() });
    (window as unknown as { __xss?: number }).__xss = 0;
    await type(el, '<img src=x onerror="window.__xss=1"> $aapl');
    await waitUntil(() => part(el, 'message-state')?.textContent?.trim() === 'Sent');
    const text = part(el, 'message-text')!;
    expect(text.textContent).to.equal('<img src=x onerror="window.__xss=1"> $aapl');
    expect(el.shadowRoot!.querySelector('img') === null).to.equal(true);
    await new Promise((r) => setTimeout(r, 100));
    expect((window as unknown as { __xss?: number }).__xss).to.equal(0);

    const chip = part(el, 'cashtag')!;
    expect(chip.textContent).to.equal('$aapl');
    chip.click();
    await waitUntil(() => part(el, 'cashtag-join'), 'the chip showed no preview');
    part(el, 'cashtag-join')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.conv-title')?.textContent === '$AAPL');
  });

  it('delivers live messages to another user with typing, events and unread counts', async () => {
    const room = ticker();
    const [alice, bob] = await twoWidgets(`alice-${run}`, `bob-${run}`, { room });
    await waitUntil(() => part(bob, 'conversation'));

    (part(alice, 'input') as HTMLTextAreaElement).dispatchEvent(new Event('input'));
    await waitUntil(
      () => part(bob, 'typing')!.textContent === `Alice-${run} is typing…`,
      'no typing indicator',
    );

    const received = oneEvent(bob, 'stock-chat-message');
    await type(alice, `hello from alice ${run}`);
    const event = await received;
    expect(event.detail.message.text).to.equal(`hello from alice ${run}`);
    expect(event.detail.own).to.equal(false);
    await waitUntil(() => texts(bob).includes(`hello from alice ${run}`));
    await waitUntil(() => part(bob, 'typing')!.textContent === '', 'typing did not clear');

    // Bob leaves the room view: the next message counts as unread.
    part(bob, 'back')!.click();
    await bob.updateComplete;
    const unread = oneEvent(bob, 'stock-chat-unread-change');
    await type(alice, 'are you there?');
    expect((await unread).detail.total).to.equal(1);
    expect(bob.unreadCount).to.equal(1);
  });

  it('sends what a previous page left in the outbox, exactly once', async () => {
    const room = ticker();
    const sub = `outbox-${run}`;
    const clientId = `reload-${run}`;
    const key = Outbox.keyFor(serverUrl(), sub);
    new Outbox(localStorage, key).add({
      room,
      text: 'written before the reload',
      clientId,
      createdAt: new Date().toISOString(),
    });
    const el = await widget(sub, { room });
    await waitUntil(() => localStorage.getItem(key) === null, 'outbox not emptied', {
      timeout: 10_000,
    });
    await waitUntil(() => part(el, 'message-state')?.textContent?.trim() === 'Sent');
    expect(texts(el)).to.deep.equal(['written before the reload']);

    // A second page with the same outbox entry (an ack lost before the reload) adds no copy.
    new Outbox(localStorage, key).add({
      room,
      text: 'written before the reload',
      clientId,
      createdAt: new Date().toISOString(),
    });
    el.remove();
    const again = await widget(sub, { room });
    await waitUntil(() => localStorage.getItem(key) === null, 'outbox not emptied twice');
    const reader = await widget(`reader-${run}`, { room });
    await waitUntil(() => texts(reader).length > 0);
    expect(texts(reader)).to.deep.equal(['written before the reload']);
    expect(texts(again)).to.deep.equal(['written before the reload']);
  });

  it('calls tokenProvider again on reconnect after a server restart and catches up', async function () {
    // A restart plus the client's reconnect backoff can take a while on a loaded CI machine.
    this.timeout(40_000);
    const room = ticker();
    const sub = `provider-${run}`;
    let calls = 0;
    const el = await fixture<StockChat>(
      html`<stock-chat mode="inline" .server=${serverUrl()} .room=${room}></stock-chat>`,
    );
    el.tokenProvider = async () => {
      calls += 1;
      return token(sub, { name: 'Provider' });
    };
    await online(el);
    const before = calls;
    await executeServerCommand('stock-chat-restart');
    await waitUntil(() => el.status !== 'online', 'never noticed the restart', { timeout: 10_000 });
    await online(el);
    expect(calls).to.be.greaterThan(before);
    await type(el, 'after restart');
    await waitUntil(
      () => part(el, 'message-state')?.textContent?.trim() === 'Sent',
      'not sent after restart',
    );
  });
});
