import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Paged, ReportGroup } from '../../protocol/admin.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';
import { openEmbed, sendMessage, waitForStatus, widget } from './support/widget-browser.js';

const ROOM = '$MODX';

/** With STOCK_CHAT_SHOTS=<dir>, saves a screenshot there for a person to look at. */
async function saveWidgetShot(page: Page, name: string): Promise<void> {
  const dir = process.env.STOCK_CHAT_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}` });
}

/** The message item whose text contains `text`. */
const item = (page: Page, text: string) =>
  widget(page, '[part~="message"]').filter({ hasText: text });

async function openActions(page: Page, text: string) {
  await item(page, text).locator('[part="message-actions-toggle"]').click();
}

describe('<stock-chat> moderation: two users and a moderator in Chromium', () => {
  const server = withServer();
  const browser = withBrowser();
  let alice: Page;
  let bob: Page;
  let mod: Page;

  before(async () => {
    [alice, bob, mod] = await Promise.all(
      [0, 1, 2].map(async () => (await browser.newContext()).newPage()),
    );
    await openEmbed(alice, server.url, { user: 'alice', name: 'Alice', room: ROOM });
    await openEmbed(bob, server.url, { user: 'bob', name: 'Bob', room: ROOM });
    await openEmbed(mod, server.url, { user: 'mo', name: 'Mo', room: ROOM, roles: ['moderator'] });
    await Promise.all([alice, bob, mod].map((p) => waitForStatus(p, 'online')));
  });

  it('edits an own message inline (Enter saves) and the other widget shows "(edited)"', async () => {
    await sendMessage(alice, 'first tak on $MODX');
    await item(bob, 'first tak').waitFor();
    await openActions(alice, 'first tak');
    await widget(alice, '[part~="action-edit"]').click();
    const editor = widget(alice, 'textarea[part="edit-input"]');
    await editor.fill('first take on $MODX');
    await editor.press('Enter');
    await item(bob, 'first take on').locator('[part="edited"]').waitFor();
    assert.equal(
      await item(alice, 'first take on').locator('[part="edited"]').textContent(),
      '(edited)',
    );
  });

  it('report → resolve with delete → both widgets show the tombstone', async () => {
    await sendMessage(alice, 'guaranteed 10x, join my paid group');
    await item(bob, 'guaranteed 10x').waitFor();
    await openActions(bob, 'guaranteed 10x');
    await saveWidgetShot(bob, 'widget-actions.png');
    await widget(bob, '[part~="action-report"]').click();
    await saveWidgetShot(bob, 'widget-report.png');
    await widget(bob, '[part="report-reason"][data-reason="manipulation"]').click();
    await widget(bob, '[part="report-thanks"]')
      .filter({ hasText: 'a moderator will look at it' })
      .waitFor();

    const modToken = await server.token('mo', { roles: ['moderator'] });
    const queue = await api<Paged<ReportGroup>>(server.url, 'GET', '/api/mod/reports', modToken);
    const group = queue.body.items.find((g) => g.message?.text.includes('guaranteed'));
    assert.ok(group, JSON.stringify(queue.body));
    assert.deepEqual(group.reasons, { manipulation: 1 });
    const resolved = await api(
      server.url,
      'POST',
      `/api/mod/reports/${group.id}/resolve`,
      modToken,
      {
        action: 'delete',
      },
    );
    assert.equal(resolved.status, 200);
    for (const page of [alice, bob]) {
      await widget(page, '[part~="tombstone"]')
        .filter({ hasText: 'Message deleted by a moderator' })
        .waitFor();
    }
    await saveWidgetShot(bob, 'widget-moderation.png');
  });

  it('an own delete asks for confirmation, then shows "deleted by the sender"', async () => {
    await sendMessage(bob, 'oops wrong room');
    await item(alice, 'oops wrong room').waitFor();
    await openActions(bob, 'oops wrong room');
    await widget(bob, '[part~="action-delete"]').click();
    await widget(bob, '[part="confirm-delete"]').click();
    await widget(alice, '[part~="tombstone"]')
      .filter({ hasText: 'deleted by the sender' })
      .waitFor();
  });

  it('mute from the moderator’s widget → the muted user’s composer explains with the time left', async () => {
    await sendMessage(alice, 'to the moon');
    await item(mod, 'to the moon').waitFor();
    await openActions(mod, 'to the moon');
    await saveWidgetShot(mod, 'widget-moderator-actions.png');
    await widget(mod, '[part~="action-mute"]').click();
    // The mute asks for a length (1 hour is chosen) and an optional reason first.
    await saveWidgetShot(mod, 'widget-sanction-dialog.png');
    await widget(mod, '[part="sanction-dialog"] [part="dialog-confirm"]').click();
    await widget(mod, '[part="message-menu"]').waitFor({ state: 'detached' });
    // The mute is pushed (`muted`): the composer says so before Alice tries to send.
    const note = widget(alice, '[part="composer-note"][data-kind="muted"]');
    await note.waitFor();
    assert.match(
      (await note.textContent()) ?? '',
      /You are muted here\. You can post again in \d+ minutes\./,
    );
    assert.equal(await widget(alice, 'textarea[part="input"]').isDisabled(), true);
    await saveWidgetShot(alice, 'widget-muted.png');
  });

  it('ban from the moderator’s widget → the banned user is disconnected and told why', async () => {
    await sendMessage(bob, 'still here');
    await item(mod, 'still here').waitFor();
    await openActions(mod, 'still here');
    await widget(mod, '[part~="action-ban"]').click();
    await widget(mod, '[part="sanction-dialog"] [part="dialog-confirm"]').click();
    await waitForStatus(bob, 'offline');
    await widget(bob, '[part="composer-note"][data-kind="banned"]').waitFor();
    const errors = await bob.evaluate(() =>
      (
        window as unknown as { stockChatEvents: { name: string; detail: { code: string } }[] }
      ).stockChatEvents
        .filter((e) => e.name === 'stock-chat-error')
        .map((e) => e.detail.code),
    );
    assert.ok(errors.includes('banned'), JSON.stringify(errors));
  });
});
