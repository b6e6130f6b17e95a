import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withServer } from '../support/fixtures.js';
import {
  messageTexts,
  openEmbed,
  sendMessage,
  waitForStatus,
  widget,
} from './support/widget-browser.js';

describe('<stock-chat> tokenProvider', () => {
  const server = withServer();
  const browser = withBrowser();

  it('fetches a fresh token when the server ends the session for token expiry, without a reload', async () => {
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'frank', name: 'Frank', room: '$EXP', ttl: 3 });
    await waitForStatus(page, 'online');
    const calls = () =>
      page.evaluate(
        () => (window as unknown as { stockChatTokenCalls: number }).stockChatTokenCalls,
      );
    const before = await calls();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    // The 3 s token expires and the server disconnects the socket; a widget that did not
    // refresh its token would stay offline and never deliver what follows.
    await page.waitForFunction(
      (seen) => (window as unknown as { stockChatTokenCalls: number }).stockChatTokenCalls > seen,
      before,
      { timeout: 15_000 },
    );
    await waitForStatus(page, 'online');
    await sendMessage(page, 'still here');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    assert.deepEqual(await messageTexts(page), ['still here']);
    assert.ok((await calls()) > before);
    assert.deepEqual(navigations, []);
  });
});
