import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { withBrowser, withServer } from '../support/fixtures.js';
import { request } from '../support/server.js';
import {
  messageTexts,
  openEmbed,
  sendMessage,
  waitForStatus,
  widget,
} from './support/widget-browser.js';
import { spawnServer } from './support/widget-process.js';
import type { ServerProcess } from './support/widget-process.js';

const DM = 'dm:alice:bob';

async function waitForTexts(page: Page, expected: string[], timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await messageTexts(page);
    if (last.length >= expected.length) break;
    await page.waitForTimeout(100);
  }
  // Give a duplicate a moment to show up before judging.
  await page.waitForTimeout(500);
  assert.deepEqual(await messageTexts(page), expected, `got ${JSON.stringify(last)}`);
}

async function allSent(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const root = document.querySelector('stock-chat')?.shadowRoot;
      return (
        root !== null &&
        root !== undefined &&
        root.querySelectorAll('.message.own:not(.sent)').length === 0
      );
    },
    undefined,
    { timeout: 20_000 },
  );
}

describe('<stock-chat> across a server restart', () => {
  const server = withServer();
  const browser = withBrowser();

  it('both sides catch up after restart(), in order, with nothing lost or doubled', async () => {
    const alice = await (await browser.newContext()).newPage();
    const bob = await (await browser.newContext()).newPage();
    await openEmbed(alice, server.url, {
      user: 'alice',
      name: 'Alice',
      friends: ['bob'],
      room: DM,
    });
    await openEmbed(bob, server.url, { user: 'bob', name: 'Bob', friends: ['alice'], room: DM });
    await waitForStatus(alice, 'online');
    await waitForStatus(bob, 'online');
    await sendMessage(alice, 'one');
    await waitForTexts(bob, ['one']);
    await sendMessage(bob, 'two');
    await waitForTexts(alice, ['one', 'two']);

    await server.restart();
    // Another tab of Alice's writes while the widgets are still reconnecting, so they
    // only get these through `sync`.
    const tab = await server.client(await server.token('alice', { name: 'Alice' }));
    for (const text of ['three', 'four']) {
      const ack = await request(tab, 'send_message', { room: DM, text, clientId: `tab-${text}` });
      assert.equal(ack.ok, true);
    }
    tab.close();
    await waitForStatus(alice, 'online');
    await sendMessage(alice, 'five');
    await waitForStatus(bob, 'online');
    await sendMessage(bob, 'six');

    const expected = ['one', 'two', 'three', 'four', 'five', 'six'];
    await waitForTexts(alice, expected);
    await waitForTexts(bob, expected);
    await allSent(alice);
    await allSent(bob);
  });
});

describe('<stock-chat> while the server is down', () => {
  let proc: ServerProcess;
  const browser = withBrowser();

  before(async () => {
    proc = await spawnServer();
  });
  after(async () => {
    await proc?.close();
  });

  it('keeps messages written while the server is down and delivers them once it returns', async () => {
    const aliceContext = await browser.newContext();
    let alice = await aliceContext.newPage();
    const bob = await (await browser.newContext()).newPage();
    await openEmbed(alice, proc.url, { user: 'alice', name: 'Alice', friends: ['bob'], room: DM });
    await openEmbed(bob, proc.url, { user: 'bob', name: 'Bob', friends: ['alice'], room: DM });
    await waitForStatus(alice, 'online');
    await waitForStatus(bob, 'online');
    await sendMessage(alice, 'before the outage');
    await waitForTexts(bob, ['before the outage']);

    await proc.stop();
    await waitForStatus(alice, 'reconnecting');
    await waitForStatus(bob, 'reconnecting');
    await sendMessage(alice, 'alice while down');
    await sendMessage(bob, 'bob while down');
    const pending = widget(alice, '.message.own.pending [part~="message-text"]');
    assert.equal(await pending.textContent(), 'alice while down');
    const outbox = () =>
      alice.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('stock-chat:outbox:')),
      );
    assert.equal(
      (await outbox()).length,
      1,
      'the unsent message is not in the localStorage outbox',
    );
    // Alice leaves before the server returns: only the outbox remembers her message.
    await alice.close();

    await proc.start();
    alice = await aliceContext.newPage();
    await openEmbed(alice, proc.url, { user: 'alice', name: 'Alice', friends: ['bob'], room: DM });
    await waitForStatus(alice, 'online', 30_000);
    await waitForStatus(bob, 'online', 30_000);

    for (const page of [alice, bob]) {
      await page.waitForFunction(
        () =>
          document.querySelector('stock-chat')?.shadowRoot?.querySelectorAll('.message').length ===
          3,
        undefined,
        { timeout: 30_000 },
      );
    }
    await allSent(alice);
    await allSent(bob);
    await alice.waitForTimeout(500);
    const seenByAlice = await messageTexts(alice);
    const seenByBob = await messageTexts(bob);
    assert.deepEqual(seenByAlice, seenByBob);
    assert.equal(seenByAlice[0], 'before the outage');
    assert.deepEqual([...seenByAlice].sort(), [
      'alice while down',
      'before the outage',
      'bob while down',
    ]);
    assert.deepEqual(await outbox(), []);
  });
});
