import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withServer } from '../support/fixtures.js';
import {
  messageTexts,
  openEmbed,
  recordedEvents,
  sendMessage,
  waitForStatus,
  widget,
} from './support/widget-browser.js';

describe('<stock-chat> embedded by a script tag on a hostile host page', () => {
  const server = withServer();
  const browser = withBrowser();

  it('loads from /widget/stock-chat.js, connects, and keeps its own layout and fonts', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openEmbed(page, server.url, { user: 'carol', name: 'Carol', room: '$TSLA' });
    await waitForStatus(page, 'online');

    const box = await page.locator('stock-chat').boundingBox();
    assert.ok(box && box.height >= 320, `widget collapsed to ${JSON.stringify(box)}`);
    const input = widget(page, 'textarea[part="input"]');
    const style = await input.evaluate((el) => {
      const s = getComputedStyle(el);
      return { fontSize: s.fontSize, boxSizing: s.boxSizing, display: s.display };
    });
    assert.deepEqual(style, { fontSize: '14px', boxSizing: 'border-box', display: 'block' });
    assert.equal(await widget(page, '.conv-title').textContent(), '$TSLA');

    await sendMessage(page, 'hello from a hostile page');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    assert.deepEqual(await messageTexts(page), ['hello from a hostile page']);
    const ready = (await recordedEvents(page, 'stock-chat-ready')).length;
    assert.equal(ready, 1);
    // The hostile `* { all: unset }` must not turn the page's own <style> into printed text.
    const printed = await page.evaluate(() => document.documentElement.innerText);
    assert.doesNotMatch(printed, /all: unset|font-size/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows <img src=x onerror=alert(1)> as text and runs nothing', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await openEmbed(page, server.url, { user: 'dave', name: 'Dave', room: '$XSS' });
    await waitForStatus(page, 'online');
    await sendMessage(page, '<img src=x onerror=alert(1)>');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    assert.deepEqual(await messageTexts(page), ['<img src=x onerror=alert(1)>']);
    assert.equal(await widget(page, 'img').count(), 0);
    await page.waitForTimeout(300);
    assert.equal(dialogs, 0);
    await page.close();
  });

  it('is a full-screen panel at 360 px, opened and closed by keyboard from the launcher', async () => {
    const page = await browser.newPage({
      viewport: { width: 360, height: 740 },
      reducedMotion: 'reduce',
    });
    await openEmbed(page, server.url, { user: 'erin', name: 'Erin', mode: 'launcher' });
    await waitForStatus(page, 'online');
    const launcher = widget(page, '[part="launcher"]');
    await launcher.focus();
    await page.keyboard.press('Enter');
    const panel = widget(page, '[part="panel"]');
    await panel.waitFor();
    const box = await panel.boundingBox();
    assert.deepEqual(
      box && [box.x, box.y, box.width, box.height].map(Math.round),
      [0, 0, 360, 740],
    );
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.close();
  });
});
