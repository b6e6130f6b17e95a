import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withCluster } from '../support/fixtures.js';
import { ask, type TestServer } from '../support/server.js';
import { until, watchProblems } from './admin.support.js';

describe('admin console on a two-node cluster', () => {
  const [one, two] = withCluster().nodes as [TestServer, TestServer];
  const browser = withBrowser();

  it('shows both nodes in the node panel and the node of each socket in the table', async () => {
    await two.client(await two.token('far-away'));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = watchProblems(page);
    await page.goto(`${one.url}/admin/`);
    await page.fill('textarea[name="token"]', await one.token('ops', { admin: true }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    const nodes = await until(
      () =>
        page
          .locator('[data-panel="nodes"] [data-node]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node'))),
      (ids) => ids.length === 2,
    );
    assert.deepEqual(nodes, ['node-a', 'node-b']);
    await page
      .getByRole('tab', { name: /connections/i })
      .or(page.getByText('Connections', { exact: true }))
      .first()
      .click();
    const row = page.locator('tr[data-socket]', { hasText: 'far-away' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /node-b/);
    assert.deepEqual(problems, []);
  });

  it('draws the charts and the rooms panel from every node', async () => {
    // One subscriber of $NODES on each node; node b's sockets alone would not reach these counts.
    const near = await one.client(await one.token('near'));
    const far = await two.client(await two.token('far'));
    await ask(near, 'join_chat', { room: '$NODES' });
    await ask(far, 'join_chat', { room: '$NODES' });
    await ask(far, 'send_message', { room: '$NODES', text: 'from b', clientId: 'nodes-1' });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = watchProblems(page);
    await page.goto(`${one.url}/admin/`);
    await page.fill('textarea[name="token"]', await one.token('ops', { admin: true }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    // far-away (node b, previous test), near (a) and far (b): three chat sockets in all.
    const latest = await until(
      () => page.locator('[data-latest="sockets"]').textContent(),
      (text) => text === '3 now across 2 nodes',
    );
    assert.equal(latest, '3 now across 2 nodes');
    await page.locator('[data-tab="rooms"]').click();
    const room = page.locator('tr[data-room="$NODES"]');
    await room.waitFor();
    const cells = await until(
      () => room.locator('td').allTextContents(),
      (c) => c[3] === '2',
    );
    assert.equal(cells[3], '2', `subscribed on both nodes: ${cells.join(' | ')}`);
    assert.equal(cells[4], '1', 'the message node b stored counts per minute');
    assert.deepEqual(problems, []);
    near.close();
    far.close();
  });
});
