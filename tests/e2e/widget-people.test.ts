import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { withBrowser, withServer } from '../support/fixtures.js';
import { openEmbed, sendMessage, waitForStatus, widget } from './support/widget-browser.js';

/** Opens the embed page as `user` in a fresh browser context and waits until online. */
async function open(
  browser: ReturnType<typeof withBrowser>,
  url: string,
  user: string,
  opts: { name?: string; friends?: string[]; room?: string } = {},
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await openEmbed(page, url, { user, ...opts });
  await waitForStatus(page, 'online');
  return page;
}

describe('<stock-chat> rooms and people, two users in two browser contexts', () => {
  const server = withServer();
  const browser = withBrowser();
  let ivy: Page;
  let jon: Page;

  before(async () => {
    ivy = await open(browser, server.url, 'ivy', { name: 'Ivy', room: '$PPL' });
    jon = await open(browser, server.url, 'jon', { name: 'Jon', room: '$PPL' });
  });

  it('shows member and online counts in the ticker header, live', async () => {
    await widget(ivy, '[part~="member-count"]')
      .filter({ hasText: 'Members: 2 · online: 2' })
      .waitFor({ timeout: 10_000 });
  });

  it('keeps a mute across a reload: no badge when the other user posts', async () => {
    await widget(ivy, '[part~="mute-toggle"]').click();
    await widget(ivy, '[part~="mute-toggle"][aria-pressed="true"]').waitFor();
    await ivy.reload();
    await waitForStatus(ivy, 'online');
    await widget(ivy, '[part~="mute-toggle"][aria-pressed="true"]').waitFor();
    // Another room on screen, so $PPL's messages would count as unread.
    await ivy
      .locator('stock-chat')
      .evaluate((el) =>
        (el as HTMLElement & { joinRoom(r: string): Promise<boolean> }).joinRoom('$OTH'),
      );
    await widget(ivy, '.conv-title').filter({ hasText: '$OTH' }).waitFor();
    const item = widget(ivy, 'li').filter({ has: ivy.locator('[data-room="$PPL"]') });
    await item.locator('[part~="muted-mark"]').waitFor();
    await sendMessage(jon, 'muted noise');
    await widget(jon, '[part~="message-text"]').filter({ hasText: 'muted noise' }).waitFor();
    // The message reaches Ivy's session (it is in the room) without a badge.
    await ivy.waitForFunction(() =>
      (window as unknown as { stockChatEvents: { name: string }[] }).stockChatEvents.some(
        (e) => e.name === 'stock-chat-message',
      ),
    );
    assert.equal(await item.locator('[part~="unread"]').count(), 0);
  });

  it('leaves a ticker room for good: gone after a reload, the other user counts one member', async () => {
    const jonRoom = widget(jon, 'li').filter({ has: jon.locator('[data-room="$LVE"]') });
    await jon
      .locator('stock-chat')
      .evaluate((el) =>
        (el as HTMLElement & { joinRoom(r: string): Promise<boolean> }).joinRoom('$LVE'),
      );
    await jonRoom.waitFor();
    await jonRoom.locator('[part~="leave"]').click();
    await jonRoom.waitFor({ state: 'detached' });
    await jon.reload();
    await waitForStatus(jon, 'online');
    await widget(jon, '[data-room="$PPL"]').waitFor();
    assert.equal(await widget(jon, '[data-room="$LVE"]').count(), 0);
  });

  it('shows a friend by the name in their token and ends the friendship live on both sides', async () => {
    // kim is befriended by id before she ever signed in, so the server knows her as "kim".
    const leo = await open(browser, server.url, 'leo', { name: 'Leo', friends: ['kim'] });
    const dm = widget(leo, '[part~="room"][data-room="dm:kim:leo"]');
    await dm.filter({ hasText: 'kim' }).waitFor();
    const kim = await open(browser, server.url, 'kim', { name: 'Kim' });
    await dm.filter({ hasText: 'Kim' }).waitFor();
    await widget(leo, '[part~="friend"]').filter({ hasText: 'Kim' }).waitFor();

    await widget(kim, '[part~="unfriend"]').click();
    await dm.waitFor({ state: 'detached' });
    await widget(kim, '[data-room="dm:kim:leo"]').waitFor({ state: 'detached' });
  });

  it('serves the demo pages with an icon, so the console logs no 404', async () => {
    const page = await (await browser.newContext()).newPage();
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    for (const path of ['/', '/embed.html?user=moe']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('load');
      assert.match((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '', /^data:/);
    }
    assert.deepEqual(missing, []);
    assert.deepEqual(
      errors.filter((e) => /favicon|404/.test(e)),
      [],
    );
  });
});
