import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';
import { openEmbed, waitForStatus, widget } from './support/widget-browser.js';

describe('<stock-chat> live quotes and bot messages from the server API (real Chromium)', () => {
  const server = withServer({ FRIENDS_MANAGED_BY_HOST: 'true' });
  const browser = withBrowser();
  let key = '';
  const push = async (quotes: unknown) => {
    key ||= (await new ApiKeys(server.store).create('e2e', ['publish', 'users'])).key;
    return api(server.url, 'POST', '/api/server/quotes', key, quotes);
  };

  it('shows a pushed quote in the ticker header and on cashtag chips, then a newer down one, and a bot alert with its badge', async () => {
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'reader', name: 'Reader', room: '$AAPL' });
    await waitForStatus(page, 'online');
    await widget(page, '.conv-title').filter({ hasText: 'AAPL' }).waitFor();

    const up = [{ symbol: 'AAPL', price: 201.5, change: 3.1, changePct: 1.56, ts: Date.now() }];
    assert.equal((await push(up)).status, 200);
    const header = widget(page, '.conv-header [part~="quote"]');
    await header.waitFor();
    assert.match((await header.textContent()) ?? '', /201\.50\s+\+3\.10\s+\(\+1\.56%\)\s+\d/);
    assert.equal(await header.getAttribute('part'), 'quote quote-up');
    // Green up: the light theme's --stock-chat-online.
    assert.equal(await header.evaluate((el) => getComputedStyle(el).color), 'rgb(21, 128, 61)');

    const posted = await api(server.url, 'POST', '/api/server/messages', key, {
      room: '$AAPL',
      text: '$AAPL crossed 200',
      clientId: 'alert-1',
      sender: { id: 'price-alerts', name: 'Price alerts', kind: 'bot' },
    });
    assert.equal(posted.status, 201);
    const item = widget(page, 'li.message').filter({ hasText: 'crossed 200' });
    await item.waitFor();
    assert.equal(await item.locator('[part~="sender"]').textContent(), 'Price alerts');
    assert.equal(await item.locator('[part~="sender-badge"]').textContent(), 'Bot');
    assert.equal(
      await item.locator('[part~="sender-badge"]').getAttribute('part'),
      'sender-badge sender-bot',
    );
    const chip = item.locator('[part~="cashtag"]');
    assert.match((await chip.textContent()) ?? '', /^\$AAPL\s*\+1\.56%$/);

    // A newer quote, down, inside the same second: the server holds it and sends it
    // when the symbol's second is over; header and chip follow.
    const down = [
      { symbol: 'AAPL', price: 195, change: -3.4, changePct: -1.71, ts: Date.now() + 1 },
    ];
    assert.equal((await push(down)).status, 200);
    await widget(page, '.conv-header [part="quote quote-down"]').waitFor({ timeout: 5_000 });
    assert.match((await header.textContent()) ?? '', /195\.00\s+-3\.40\s+\(-1\.71%\)/);
    assert.equal(await header.evaluate((el) => getComputedStyle(el).color), 'rgb(185, 28, 28)');
    assert.match((await chip.textContent()) ?? '', /-1\.71%$/);
    // An older quote arriving late changes nothing.
    await push([{ symbol: 'AAPL', price: 1, change: 0, changePct: 0, ts: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.match((await header.textContent()) ?? '', /195\.00/);
    await page.close();
  });

  it('sends a late joiner the latest quote at once, shows badges in history and hides friend requests the host manages', async () => {
    // The host platform's graph: reader is late's friend (and a user must exist to befriend).
    assert.equal(
      (await api(server.url, 'PUT', '/api/server/users/late/friends', key, ['reader'])).status,
      200,
    );
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'late', name: 'Late', room: '$AAPL' });
    await waitForStatus(page, 'online');
    await widget(page, '.conv-header [part~="quote"]').filter({ hasText: '195.00' }).waitFor();
    const badge = widget(page, '[part~="sender-badge"]');
    await badge.first().waitFor();
    assert.equal(await badge.first().textContent(), 'Bot', 'history shows the badge too');
    // GET /api/friends says managedByHost: the friend it lists shows without Unfriend,
    // and there is no add-friend form.
    await widget(page, '[part~="friend"]')
      .filter({ hasText: 'Reader' })
      .waitFor({ state: 'attached' });
    assert.equal(await widget(page, '[part~="unfriend"]').count(), 0);
    assert.equal(await widget(page, '[part~="add-friend"]').count(), 0);
    assert.equal(await widget(page, '[part~="add-friend-outcome"]').count(), 0);
    await page.close();
  });
});
