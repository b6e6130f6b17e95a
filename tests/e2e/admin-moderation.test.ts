import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { JoinChatData, Message, SendMessageData } from '../../protocol/wire.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api, nextEvent, request, type ClientSocket } from '../support/server.js';
import { until, watchProblems } from './admin.support.js';

const server = withServer();
const browser = withBrowser();

async function joined(sub: string, room = '$CONS'): Promise<ClientSocket> {
  const socket = await server.client(await server.token(sub));
  const ack = await request<JoinChatData>(socket, 'join_chat', { room });
  assert.ok(ack.ok);
  return socket;
}

async function openModeration(token: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const problems = watchProblems(page);
  await page.goto(`${server.url}/admin/#tab=moderation`);
  await page.fill('textarea[name="token"]', token);
  await page.click('button[type="submit"]');
  await page.locator('[data-status="open"]').waitFor();
  await page.locator('[data-tab="moderation"]').click();
  return { page, problems };
}

describe('admin console: Moderation tab', () => {
  it('shows a reported message with context, deletes it in one click, lifts a mute, saves room settings and lists the audit', async () => {
    const author = await joined('c-author');
    const reporter = await joined('c-reporter');
    let bad: Message | undefined;
    for (let i = 0; i < 8; i++) {
      const text = i === 4 ? 'wire me $500 for signals' : `chatter ${i}`;
      const ack = await request<SendMessageData>(author, 'send_message', {
        room: '$CONS',
        text,
        clientId: `c${i}`,
      });
      assert.ok(ack.ok);
      if (i === 4) bad = ack.data.message;
    }
    const report = await request(reporter, 'report_message', {
      room: '$CONS',
      seq: bad!.seq,
      reason: 'spam',
      note: 'scam',
    });
    assert.ok(report.ok);
    const modToken = await server.token('c-mod', { name: 'Mo', roles: ['moderator'] });
    const mute = await api(server.url, 'POST', '/api/mod/mutes', modToken, {
      userId: 'c-noisy',
      minutes: 30,
      reason: 'caps lock',
    });
    assert.equal(mute.status, 201);

    const { page, problems } = await openModeration(modToken);
    const card = page.locator(`article.report[data-room="$CONS"][data-seq="${bad!.seq}"]`);
    await card.waitFor();
    assert.equal(await card.locator('.context li').count(), 8);
    assert.match((await card.locator('li.reported').textContent()) ?? '', /wire me \$500/);
    assert.match((await card.textContent()) ?? '', /c-reporter/);
    await page.locator('table.mutes tr[data-user="c-noisy"]').waitFor();
    if (process.env.STOCK_CHAT_SHOTS) {
      await page.screenshot({
        path: `${process.env.STOCK_CHAT_SHOTS}/admin-moderation.png`,
        fullPage: true,
      });
    }

    const tombstone = nextEvent<Message>(reporter, 'message_updated', (m) => m.seq === bad!.seq);
    await card.locator('button[data-action="delete"]').click();
    assert.equal((await tombstone).deletedBy, 'moderator');
    await card.waitFor({ state: 'detached' });

    await page.locator('table.mutes tr[data-user="c-noisy"] button').click();
    await page.locator('table.mutes tr[data-user="c-noisy"]').waitFor({ state: 'detached' });

    await page.fill('input[name="room"]', '$CONS');
    await page.locator('input[name="room"]').press('Enter');
    await page.locator('form.settings[data-room="$CONS"]').waitFor();
    await page.fill('input[name="slowModeSec"]', '15');
    await page.check('input[name="readOnly"]');
    const updated = nextEvent(author, 'room_updated');
    await page.locator('form.settings button[type="submit"]').click();
    assert.deepEqual(await updated, { room: '$CONS', slowModeSec: 15, readOnly: true });

    await page.locator('table.audit tr[data-action="room_settings"]').waitFor();
    await page.fill('.filters input[name="action"]', 'resolve_delete');
    await page.locator('.filters button').click();
    await page
      .locator('table.audit tr[data-action="room_settings"]')
      .waitFor({ state: 'detached' });
    assert.equal(await page.locator('table.audit tr[data-action="resolve_delete"]').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('pages the mutes list on the server: 20 first, the rest behind "More mutes"', async () => {
    const modToken = await server.token('p-mod', { name: 'Pat', roles: ['moderator'] });
    for (let i = 0; i < 23; i++) {
      const res = await api(server.url, 'POST', '/api/mod/mutes', modToken, {
        userId: `p-user${i}`,
        minutes: 30,
        reason: 'paging',
      });
      assert.equal(res.status, 201);
    }
    const { page, problems } = await openModeration(modToken);
    const rows = page.locator('table.mutes tr[data-user^="p-user"]');
    await rows.first().waitFor();
    const firstPage = await page.locator('table.mutes tr[data-user]').count();
    assert.equal(firstPage, 20);
    await page.getByRole('button', { name: 'More mutes' }).click();
    assert.equal(
      await until(
        () => rows.count(),
        (n) => n === 23,
      ),
      23,
    );
    assert.equal(await page.getByRole('button', { name: 'More mutes' }).count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('lets a viewer see the queue but not act', async () => {
    const author = await joined('v-author', '$VIEW');
    const reporter = await joined('v-reporter', '$VIEW');
    const sent = await request<SendMessageData>(author, 'send_message', {
      room: '$VIEW',
      text: 'dm me for tips',
      clientId: 'v1',
    });
    assert.ok(sent.ok);
    assert.ok(
      (
        await request(reporter, 'report_message', {
          room: '$VIEW',
          seq: sent.data.message.seq,
          reason: 'other',
        })
      ).ok,
    );
    const { page, problems } = await openModeration(
      await server.token('v-viewer', { roles: ['viewer'] }),
    );
    const card = page.locator(`article.report[data-seq="${sent.data.message.seq}"]`);
    await card.waitFor();
    assert.equal(await card.locator('button[data-action="delete"]').isDisabled(), true);
    assert.equal(await card.locator('button[data-action="ban"]').isDisabled(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
