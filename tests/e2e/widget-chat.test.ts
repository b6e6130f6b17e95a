import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { withBrowser, withServer } from '../support/fixtures.js';
import {
  messageTexts,
  openEmbed,
  recordedEvents,
  sendMessage,
  waitForStatus,
  widget,
} from './support/widget-browser.js';

const DM = 'dm:alice:bob';

describe('<stock-chat> two users in two browser contexts', () => {
  const server = withServer();
  const browser = withBrowser();
  let aliceContext: BrowserContext;
  let bobContext: BrowserContext;
  let alice: Page;
  let bob: Page;

  before(async () => {
    aliceContext = await browser.newContext();
    bobContext = await browser.newContext();
    alice = await aliceContext.newPage();
    bob = await bobContext.newPage();
    await openEmbed(alice, server.url, {
      user: 'alice',
      name: 'Alice',
      friends: ['bob'],
      room: DM,
    });
    await waitForStatus(alice, 'online');
  });

  it('lists the friend DM with a presence dot that turns online when the friend connects', async () => {
    await openEmbed(bob, server.url, { user: 'bob', name: 'Bob', friends: ['alice'] });
    await waitForStatus(bob, 'online');
    const room = widget(bob, `[part~="room"][data-room="${DM}"]`);
    await room.waitFor();
    assert.match((await room.textContent()) ?? '', /Alice/);
    await room.locator('[part~="presence-online"]').waitFor();
    await widget(alice, '[part~="presence-online"]').first().waitFor();
  });

  it('exchanges messages both ways with typing indicators and read receipts', async () => {
    await widget(bob, `[part~="room"][data-room="${DM}"]`).click();
    await widget(bob, '.conv-title').filter({ hasText: 'Alice' }).waitFor();

    await widget(alice, 'textarea[part="input"]').pressSequentially('hi B');
    await widget(bob, '[part="typing"]').filter({ hasText: 'Alice is typing…' }).waitFor();
    await widget(alice, 'textarea[part="input"]').fill('hi Bob, seen $AAPL?');
    await widget(alice, 'textarea[part="input"]').press('Enter');
    await widget(bob, '[part~="message-text"]').filter({ hasText: 'hi Bob' }).waitFor();
    await widget(bob, '[part="typing"]').filter({ hasText: /^$/ }).waitFor();
    // Bob has the DM open, so it is read and Alice sees the receipt.
    await widget(alice, '[part~="message-state"]').filter({ hasText: 'Seen' }).waitFor();

    await sendMessage(bob, 'yes, up 3% today');
    await widget(alice, '[part~="message-text"]').filter({ hasText: 'up 3%' }).waitFor();
    assert.deepEqual(await messageTexts(alice), ['hi Bob, seen $AAPL?', 'yes, up 3% today']);
    assert.deepEqual(await messageTexts(bob), ['hi Bob, seen $AAPL?', 'yes, up 3% today']);

    const events = await recordedEvents<{ message: { text: string }; own: boolean }>(
      alice,
      'stock-chat-message',
    );
    assert.deepEqual(
      events.map((e) => [e.message.text, e.own]),
      [
        ['hi Bob, seen $AAPL?', true],
        ['yes, up 3% today', false],
      ],
    );
  });

  it('opens a cashtag chip as its ticker room, through its preview', async () => {
    await widget(bob, '[part="cashtag"]').filter({ hasText: '$AAPL' }).first().click();
    await widget(bob, '[part="cashtag-join"]').click();
    await widget(bob, '.conv-title').filter({ hasText: '$AAPL' }).waitFor();
    await widget(bob, `[part~="room"][data-room="$AAPL"]`).waitFor({ state: 'attached' });
  });

  it('counts unread messages for a room that is not open and clears them on open', async () => {
    await sendMessage(alice, 'ping while you look away');
    const badge = widget(bob, `[part~="room"][data-room="${DM}"] [part="unread"]`);
    await badge.filter({ hasText: '1' }).waitFor();
    const unread = await recordedEvents<{ total: number }>(bob, 'stock-chat-unread-change');
    assert.equal(unread.at(-1)?.total, 1);
    await widget(bob, `[part~="room"][data-room="${DM}"]`).click();
    await badge.waitFor({ state: 'detached' });
    await widget(alice, '[part~="message-state"]').filter({ hasText: 'Seen' }).waitFor();
  });

  it('shows the friend offline with a last-seen time after they leave', async () => {
    await alice.close();
    await widget(bob, '[part~="presence-offline"]').first().waitFor({ state: 'attached' });
    const line = await widget(bob, `[part~="room"][data-room="${DM}"]`).textContent();
    assert.match(line ?? '', /Last seen/);
  });
});
