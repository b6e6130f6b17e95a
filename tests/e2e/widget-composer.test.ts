import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { withBrowser, withServer } from '../support/fixtures.js';
import { openEmbed, sendMessage, waitForStatus, widget } from './support/widget-browser.js';

// Issue 22, the built widget in Chromium against the real server: a draft that
// survives a reload, and " (edited)" spaced from the text after minification.

const ROOM = '$DRFT';

/** Waits until the composer holds `text` (a draft fills it once the room is open). */
async function composerHolds(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      document.querySelector('stock-chat')?.shadowRoot?.querySelector('textarea')?.value === want,
    text,
    { timeout: 15_000 },
  );
}

/** Opens `room` in the page's widget and waits for its composer. */
async function openRoom(page: Page, room: string): Promise<void> {
  await page.evaluate(
    (id) =>
      (
        document.querySelector('stock-chat') as unknown as { joinRoom(r: string): Promise<boolean> }
      ).joinRoom(id),
    room,
  );
  await widget(page, `[part="conversation"][aria-label="${room}"]`).waitFor();
}

describe('<stock-chat> composer, built, in Chromium', () => {
  const server = withServer();
  const browser = withBrowser();
  let dana: Page;

  before(async () => {
    dana = await (await browser.newContext()).newPage();
    await openEmbed(dana, server.url, { user: 'dana', name: 'Dana', room: ROOM });
    await waitForStatus(dana, 'online');
  });

  it('keeps each room’s draft across a reload and forgets it once sent', async () => {
    const draft = 'half a thought about $DRFT';
    await widget(dana, 'textarea[part="input"]').fill(draft);
    await dana.reload();
    await waitForStatus(dana, 'online');
    await composerHolds(dana, draft);

    await openRoom(dana, '$DRFU');
    await composerHolds(dana, '');
    await openRoom(dana, ROOM);
    await composerHolds(dana, draft);

    await widget(dana, 'textarea[part="input"]').press('Enter');
    await widget(dana, '[part~="message-text"]').filter({ hasText: draft }).waitFor();
    await dana.reload();
    await waitForStatus(dana, 'online');
    await widget(dana, '[part~="message-text"]').filter({ hasText: draft }).waitFor();
    await composerHolds(dana, '');
  });

  it('shows " (edited)" one space after the edited text', async () => {
    await sendMessage(dana, 'a typo hree');
    const item = widget(dana, '[part~="message"]').filter({ hasText: 'a typo hree' });
    await item.locator('[part="message-actions-toggle"]').click();
    await widget(dana, '[part~="action-edit"]').click();
    const editor = widget(dana, 'textarea[part="edit-input"]');
    await editor.fill('a typo here');
    await editor.press('Enter');
    const text = widget(dana, '[part~="message-text"]').filter({ hasText: 'a typo here' });
    await text.locator('[part="edited"]').waitFor();
    assert.equal(await text.textContent(), 'a typo here (edited)');
  });
});
