import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { NoticeEvent } from '../../protocol/wire.js';
import { nextEvent, request, type ClientSocket } from '../support/server.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { until, watchProblems } from './admin.support.js';

const server = withServer();
const browser = withBrowser();

async function openConsole(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchProblems(page);
  const res = await page.goto(`${server.url}/admin/`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  return { page, problems };
}

const socketsShown = async (page: Page) =>
  Number((await page.locator('[data-stat="sockets"] .value').textContent())?.replace(/,/g, ''));

describe('admin console', () => {
  it('refuses a token without the admin role and says why', async () => {
    const { page, problems } = await openConsole();
    await page.fill('textarea[name="token"]', await server.token('plain'));
    await page.click('button[type="submit"]');
    const error = await page.locator('[data-login-error]').textContent();
    assert.match(error ?? '', /admin or viewer role/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('signs in with a pasted token and follows connections as clients come and go', async () => {
    const { page, problems } = await openConsole();
    await page.fill(
      'textarea[name="token"]',
      await server.token('ops', { name: 'Ops', admin: true }),
    );
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    const start = await until(
      () => socketsShown(page),
      (n) => Number.isFinite(n),
    );

    const clients: ClientSocket[] = [];
    for (const name of ['ann', 'ben', 'cy']) {
      const socket = await server.client(await server.token(name));
      await new Promise((r) => socket.emit('join_chat', { room: '$AAPL' }, r));
      clients.push(socket);
    }
    assert.equal(
      await until(
        () => socketsShown(page),
        (n) => n === start + 3,
      ),
      start + 3,
    );

    await page.click('[data-tab="connections"]');
    await page.locator('tr[data-socket]').first().waitFor();
    assert.equal(await page.locator('tr[data-socket]').count(), start + 3);
    await page.fill('input[type="search"]', 'ben');
    await until(
      () => page.locator('tr[data-socket]').count(),
      (n) => n === 1,
    );
    assert.equal(await page.locator('tr[data-socket]').count(), 1);
    await page.fill('input[type="search"]', '');
    await until(
      () => page.locator('tr[data-socket]').count(),
      (n) => n === start + 3,
    );

    await page.click('[data-tab="rooms"]');
    await page.locator('tr[data-room="$AAPL"]').click();
    await page.locator('text=join').first().waitFor();

    await page.click('[data-tab="overview"]');
    clients[0]?.close();
    clients[1]?.close();
    assert.equal(
      await until(
        () => socketsShown(page),
        (n) => n === start + 1,
      ),
      start + 1,
    );
    clients[2]?.close();
    assert.equal(
      await until(
        () => socketsShown(page),
        (n) => n === start,
      ),
      start,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('runs the live connection test suite from the button and every check passes', async () => {
    const { page, problems } = await openConsole();
    await page.click('[data-action="dev-login"]');
    await page.locator('[data-status="open"]').waitFor();
    await page.click('[data-tab="tests"]');
    await page.click('[data-action="run"]');
    await page.locator('[data-summary]').waitFor({ timeout: 60_000 });
    const states = await page
      .locator('li[data-check]')
      .evaluateAll((items) =>
        items.map((li) => `${li.getAttribute('data-check')}: ${li.getAttribute('data-state')}`),
      );
    assert.equal(states.length, 11);
    for (const state of states) assert.match(state, /: pass$/);
    assert.match((await page.locator('[data-summary]').textContent()) ?? '', /11\/11 passed/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('disconnects a socket and broadcasts a notice, and logs who did both', async () => {
    const { page, problems } = await openConsole();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.fill(
      'textarea[name="token"]',
      await server.token('ops2', { name: 'Ops Two', admin: true }),
    );
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    const victim = await server.client(await server.token('victim'));
    const listener = await server.client(await server.token('listener'));
    await request(listener, 'join_chat', { room: '$NOTE' });

    await page.click('[data-tab="connections"]');
    await page.fill('input[type="search"]', 'victim');
    const row = page.locator(`tr[data-socket="${victim.id}"]`);
    const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    await row.locator('button', { hasText: 'Disconnect' }).click();
    assert.equal(await gone, 'io server disconnect');

    await page.click('[data-tab="rooms"]');
    await page.locator('tr[data-room="$NOTE"]').click();
    const notice = nextEvent<NoticeEvent>(listener, 'notice');
    await page.fill('admin-notice-form textarea', 'Restart at 22:00');
    await page.click('admin-notice-form button[type="submit"]');
    const received = await notice;
    assert.equal(received.text, 'Restart at 22:00');
    assert.equal(received.room, '$NOTE');

    await page.click('[data-tab="overview"]');
    const log = (await page.locator('ul.log').textContent()) ?? '';
    assert.match(log, /Ops Two\s+notice\s+\$NOTE/);
    assert.match(log, /Ops Two\s+disconnect/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows a viewer the table without any action buttons', async () => {
    const { page, problems } = await openConsole();
    await page.fill('textarea[name="token"]', await server.token('audit', { roles: ['viewer'] }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    assert.match((await page.locator('.who').textContent()) ?? '', /read-only/);
    await server.client(await server.token('seen'));
    await page.click('[data-tab="connections"]');
    await page.locator('tr[data-socket]').first().waitFor();
    assert.equal(await page.locator('tr[data-socket] button').count(), 0);
    await page.click('[data-tab="rooms"]');
    assert.equal(await page.locator('admin-notice-form').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
