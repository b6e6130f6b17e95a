import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withServer } from '../support/fixtures.js';
import { openEmbed, sendMessage, waitForStatus, widget } from './support/widget-browser.js';

// Issue 11 "honest states": the status chip follows the network, not only the server's 45 s window.
describe('<stock-chat> status chip when the network drops (Chromium, real server)', () => {
  const server = withServer();
  const browser = withBrowser();

  it('says offline at once when the browser loses the network, and online again after, with the message kept', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openEmbed(page, server.url, { user: 'nell', name: 'Nell', room: '$NETX' });
    await waitForStatus(page, 'online');
    await context.setOffline(true);
    // Well within the 30 s the issue allows: the browser's offline event, not a timeout.
    await waitForStatus(page, 'offline', 5_000);
    const chip = widget(page, '[part~="status"]');
    assert.notEqual((await chip.textContent())?.trim(), 'Online');
    await sendMessage(page, 'written while offline');
    await context.setOffline(false);
    await waitForStatus(page, 'online', 20_000);
    // The outbox delivered it once the link was back: the server has it.
    const deadline = Date.now() + 10_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      const stored = await server.store.history('$NETX', undefined, 10);
      texts = stored.messages.map((m) => m.text);
      if (texts.includes('written while offline')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(texts, ['written while offline']);
    await context.close();
  });
});
