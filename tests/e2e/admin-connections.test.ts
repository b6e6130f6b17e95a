import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withServer } from '../support/fixtures.js';
import { openEmbed, waitForStatus } from './support/widget-browser.js';
import { until, watchProblems } from './admin.support.js';

// Heartbeats every 300 ms, so a round trip is measured within the test.
const server = withServer({ PING_INTERVAL_MS: '300' });
const browser = withBrowser();

describe('admin console: Connections tab', () => {
  it('shows a widget connection’s round-trip time and its browser as the client', async () => {
    const widgetPage = await (await browser.newContext()).newPage();
    await openEmbed(widgetPage, server.url, { user: 'cx-widget', name: 'Wendy', room: '$CX' });
    await waitForStatus(widgetPage, 'online');
    const browserVersion = browser.browser.version().split('.')[0];

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${server.url}/admin/#tab=connections`);
    await page.fill('textarea[name="token"]', await server.token('cx-admin', { roles: ['admin'] }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    await page.locator('[data-tab="connections"]').click();
    await page.fill('input[type="search"]', 'cx-widget');
    const row = page.locator('admin-connections tr[data-socket]').filter({ hasText: 'Wendy' });
    await row.waitFor();
    assert.equal(
      (await row.locator('[data-client]').textContent())?.trim(),
      `Chrome ${browserVersion}`,
    );
    // The table refreshes every 2 s; the first heartbeat gives the RTT.
    const rtt = await until(
      async () => (await row.locator('[data-rtt]').textContent())?.trim() ?? '',
      (text) => /^\d+(\.\d)? ms$/.test(text),
      10_000,
    );
    assert.match(rtt, /^\d+(\.\d)? ms$/);
    assert.deepEqual(problems, []);
    await page.close();
    await widgetPage.close();
  });
});
