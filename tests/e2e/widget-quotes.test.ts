import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';
import { openEmbed, waitForStatus, widget } from './support/widget-browser.js';

describe('<stock-chat> live quotes and bot messages from the server API (real Chromium)', () => {
  // Friends managed by the host: the widget hides adding friends.
  const server = withServer({ FRIENDS_MANAGED_BY_HOST: 'true' });
  const browser = withBrowser();

  it('shows a pushed quote in the ticker header and on cashtag chips, and a bot alert with its badge', async () => {
    const key = (await new ApiKeys(server.store).create('e2e', ['publish'])).key;
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'reader', name: 'Reader', room: '$AAPL' });
    await waitForStatus(page, 'online');
    await widget(page, '.conv-title').filter({ hasText: 'AAPL' }).waitFor();

    const quotes = [{ symbol: 'AAPL', price: 201.5, change: 3.1, changePct: 1.56, ts: Date.now() }];
    assert.equal((await api(server.url, 'POST', '/api/server/quotes', key, quotes)).status, 200);
    const header = widget(page, '.conv-header [part="quote"]');
    await header.waitFor();
    assert.match((await header.textContent()) ?? '', /201\.50\s+\+3\.10\s+\(\+1\.56%\)/);
    assert.equal(await header.getAttribute('class'), 'quote up');
    // Green up.
    assert.equal(await header.evaluate((el) => getComputedStyle(el).color), 'rgb(22, 128, 60)');

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
    const chip = item.locator('[part~="cashtag"]');
    assert.match((await chip.textContent()) ?? '', /\$AAPL\s*\+1\.56%/);

    // A newer quote, down: header and chip follow.
    const down = [
      { symbol: 'AAPL', price: 195, change: -3.4, changePct: -1.71, ts: Date.now() + 1 },
    ];
    await new Promise((r) => setTimeout(r, 1100)); // coalesced to one a second per symbol
    await api(server.url, 'POST', '/api/server/quotes', key, down);
    await widget(page, '.conv-header [part="quote"].down').waitFor();
    assert.match((await chip.textContent()) ?? '', /-1\.71%/);
    assert.equal(await widget(page, '[part~="add-friend"]').count(), 0, 'no adding friends');
    await page.close();
  });

  it('sends a joining reader the latest quote right away', async () => {
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'late', name: 'Late', room: '$AAPL' });
    await waitForStatus(page, 'online');
    await widget(page, '.conv-header [part="quote"]').filter({ hasText: '195.00' }).waitFor();
    const badges = widget(page, '[part~="sender-badge"]');
    await badges.first().waitFor();
    assert.equal(await badges.first().textContent(), 'Bot', 'history shows the badge too');
    await page.close();
  });
});
