import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Message, MutedEvent } from '../../protocol/wire.js';
import type { AuditEntry, Ban, Mute, Paged } from '../../protocol/admin.js';
import { joinedClient, sendText } from '../support/chat.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api, nextEvent, request } from '../support/server.js';
import { until, watchProblems } from './admin.support.js';

const server = withServer();
const browser = withBrowser();

async function openModeration(token: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watchProblems(page);
  await page.goto(`${server.url}/admin/#tab=moderation`);
  await page.fill('textarea[name="token"]', token);
  await page.click('button[type="submit"]');
  await page.locator('[data-status="open"]').waitFor();
  await page.locator('[data-tab="moderation"]').click();
  return { page, problems };
}

/** The sanction dialog, once open. */
const dialog = (page: Page) => page.locator('mod-sanction-dialog dialog[open]');

describe('admin console: bans and mutes with confirmation', () => {
  it('shows a new report live, names its reporters, and mutes the sender for the length and reason chosen', async () => {
    const author = await joinedClient(server, 'ls-author', '$LIVE', { name: 'Al Author' });
    const reporter = await joinedClient(server, 'ls-rep', '$LIVE', { name: 'Rita Reporter' });
    const mod = await server.token('ls-mod', { name: 'Mo', roles: ['moderator'] });
    const { page, problems } = await openModeration(mod);
    await page.getByText('No open reports.').waitFor();

    const bad = await sendText(author, '$LIVE', 'pump it to the moon');
    const reported = await request(reporter, 'report_message', {
      room: '$LIVE',
      seq: bad.seq,
      reason: 'manipulation',
    });
    assert.ok(reported.ok);
    // No reload: the console hears of the report on its /admin socket.
    const card = page.locator(`article.report[data-room="$LIVE"][data-seq="${bad.seq}"]`);
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /Reported by\s+Rita Reporter \(ls-rep\)/);

    // Cancel changes nothing.
    await card.locator('button[data-action="ban"]').click();
    await dialog(page).waitFor();
    assert.match((await dialog(page).locator('h2').textContent()) ?? '', /Ban Al Author/);
    await dialog(page).locator('button[data-cancel]').click();
    await dialog(page).waitFor({ state: 'detached' });
    const bans = await api<Paged<Ban>>(server.url, 'GET', '/api/mod/bans', mod);
    assert.equal(bans.body.items.length, 0);

    await card.locator('button[data-action="mute"]').click();
    await dialog(page).waitFor();
    assert.match(
      (await dialog(page).locator('h2').textContent()) ?? '',
      /Mute Al Author \(ls-author\) in \$LIVE\?/,
    );
    assert.deepEqual(await dialog(page).locator('fieldset label').allTextContents(), [
      '1 hour',
      '24 hours',
      '7 days',
      'Permanent',
    ]);
    await dialog(page).getByRole('radio', { name: '24 hours' }).check();
    await dialog(page).locator('textarea[name="reason"]').fill('pump and dump');
    const heard = nextEvent<MutedEvent>(author, 'muted');
    await dialog(page).locator('button[data-confirm]').click();
    const notice = await heard;
    assert.equal(notice.room, '$LIVE');
    assert.equal(notice.reason, 'pump and dump');
    const hours = (Date.parse(notice.until!) - Date.now()) / 3_600_000;
    assert.ok(hours > 23.9 && hours <= 24, `${hours} h`);
    await card.waitFor({ state: 'detached' });

    // The mute table names the user, shows the reason, and its Lift button is on screen.
    const row = page.locator('table.mutes tr[data-user="ls-author"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Al Author \(ls-author\)[\s\S]*pump and dump/);
    const lift = row.getByRole('button', { name: 'Lift' });
    // On screen as laid out, not only after scrolling its card sideways.
    const box = await lift.boundingBox();
    const panel = await page.locator('admin-moderation div.card:has(mod-sanctions)').boundingBox();
    assert.ok(box && panel, 'no Lift button or sanctions card');
    assert.ok(box.x + box.width <= panel.x + panel.width, 'the Lift button is cut off by its card');
    assert.ok(await lift.isEnabled());
    const lifted = nextEvent<MutedEvent>(author, 'muted');
    await lift.click();
    assert.equal((await lifted).until, null);
    await row.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('looks up a user, shows their messages across rooms, and bans them and deletes their last hour in one action', async () => {
    const spammer = await joinedClient(server, 'lu-spam', '$LUA', { name: 'Spammy Sue' });
    assert.ok((await request(spammer, 'join_chat', { room: '$LUB' })).ok);
    const watcher = await joinedClient(server, 'lu-watch', '$LUB');
    const sent = [
      await sendText(spammer, '$LUA', 'join my signals group'),
      await sendText(spammer, '$LUB', 'join my signals group!!'),
    ];
    const mod = await server.token('lu-mod', { name: 'Mo', roles: ['moderator'] });
    const { page, problems } = await openModeration(mod);

    await page.fill('mod-user input[name="q"]', 'spammy');
    await page.locator('mod-user input[name="q"]').press('Enter');
    const review = page.locator('mod-user section.review[data-user="lu-spam"]');
    await review.waitFor();
    assert.deepEqual(
      await review
        .locator('table.user-messages tr[data-room]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-room'))),
      ['$LUB', '$LUA'],
    );

    const tombstone = nextEvent<Message>(watcher, 'message_updated', (m) => !!m.deletedAt);
    await review.locator('button[data-act="ban"]').click();
    await dialog(page).waitFor();
    await dialog(page).getByRole('radio', { name: '7 days' }).check();
    await dialog(page).locator('select[name="purge"]').selectOption({ label: '1 hour' });
    await dialog(page).locator('textarea[name="reason"]').fill('signal spam');
    await dialog(page).locator('button[data-confirm]').click();
    assert.equal((await tombstone).seq, sent[1]!.seq);
    await page
      .getByRole('status')
      .filter({ hasText: /deleted 2 messages in 2 rooms/ })
      .waitFor();
    assert.equal(
      await until(
        () => review.locator('tr[data-deleted]').count(),
        (n) => n === 2,
      ),
      2,
    );

    const bans = await api<Paged<Ban>>(server.url, 'GET', '/api/mod/bans', mod);
    const ban = bans.body.items.find((b) => b.userId === 'lu-spam');
    assert.ok(ban && ban.reason === 'signal spam');
    const days = (Date.parse(ban.until!) - Date.now()) / 86_400_000;
    assert.ok(days > 6.99 && days <= 7, `${days} days`);
    const audit = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      '/api/mod/audit?action=purge_messages&target=lu-spam',
      mod,
    );
    assert.equal(audit.body.items.length, 1);
    assert.match(audit.body.items[0]!.reason, /^2 messages in 2 rooms/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('mutes until lifted from the user panel', async () => {
    await joinedClient(server, 'lu-forever', '$LUC', { name: 'Forever Fred' });
    const mod = await server.token('lu-mod2', { roles: ['admin'] });
    const { page, problems } = await openModeration(mod);
    await page.fill('mod-user input[name="q"]', 'lu-forever');
    await page.locator('mod-user input[name="q"]').press('Enter');
    const review = page.locator('mod-user section.review[data-user="lu-forever"]');
    await review.locator('button[data-act="mute"]').click();
    await dialog(page).getByRole('radio', { name: 'Permanent' }).check();
    await dialog(page).locator('button[data-confirm]').click();
    await review
      .locator('.badge.warn')
      .filter({ hasText: 'muted everywhere until lifted' })
      .waitFor();
    const mutes = await api<Paged<Mute>>(server.url, 'GET', '/api/mod/mutes', mod);
    const mute = mutes.body.items.find((m) => m.userId === 'lu-forever');
    assert.equal(mute?.reason, 'mute in the console');
    await page
      .locator('table.mutes tr[data-user="lu-forever"]')
      .filter({ hasText: 'until lifted' })
      .waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});
