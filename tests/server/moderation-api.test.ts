import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Message } from '../../protocol/wire.js';
import type { AuditEntry, Ban, Paged, ReportGroup } from '../../protocol/admin.js';
import { api, nextEvent, request, type TokenOptions } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { joinedClient, sendText } from '../support/chat.js';

const server = withServer();
const joined = (sub: string, room: string, opts: TokenOptions = {}) =>
  joinedClient(server, sub, room, opts);
const send = sendText;
let mod: string;
let viewer: string;
before(async () => {
  mod = await server.token('the-mod', { roles: ['moderator'] });
  viewer = await server.token('the-viewer', { roles: ['viewer'] });
});

describe('report_message and the reports queue', () => {
  it('answers one report id per user per message, groups reports with context, and resolves with delete', async () => {
    const author = await joined('rq-author', '$RQ');
    const r1 = await joined('rq-1', '$RQ');
    const r2 = await joined('rq-2', '$RQ');
    for (let i = 0; i < 6; i++) await send(author, '$RQ', `context ${i}`);
    const bad = await send(author, '$RQ', 'guaranteed 10x, DM me');
    for (let i = 0; i < 6; i++) await send(author, '$RQ', `after ${i}`);
    const first = await request<{ reportId: string }>(r1, 'report_message', {
      room: '$RQ',
      seq: bad.seq,
      reason: 'manipulation',
      note: 'pump',
    });
    const again = await request<{ reportId: string }>(r1, 'report_message', {
      room: '$RQ',
      seq: bad.seq,
      reason: 'spam',
    });
    assert.ok(first.ok && again.ok);
    assert.equal(again.data.reportId, first.data.reportId);
    const second = await request<{ reportId: string }>(r2, 'report_message', {
      room: '$RQ',
      seq: bad.seq,
      reason: 'spam',
    });
    assert.ok(second.ok);
    const own = await request(author, 'report_message', {
      room: '$RQ',
      seq: bad.seq,
      reason: 'other',
    });
    assert.equal(!own.ok && own.error.code, 'bad_request');

    const queue = await api<Paged<ReportGroup>>(
      server.url,
      'GET',
      '/api/mod/reports?status=open',
      viewer,
    );
    assert.equal(queue.status, 200);
    const group = queue.body.items.find((g) => g.room === '$RQ' && g.seq === bad.seq)!;
    assert.ok(group);
    assert.equal(group.count, 2);
    assert.deepEqual(group.reasons, { manipulation: 1, spam: 1 });
    assert.deepEqual(group.reporters, ['rq-1', 'rq-2']);
    assert.deepEqual(group.reportIds, [first.data.reportId, second.data.reportId]);
    assert.deepEqual(group.notes, ['pump']);
    assert.equal(group.message?.text, 'guaranteed 10x, DM me');
    assert.deepEqual(
      group.context.map((m) => m.seq),
      Array.from({ length: 11 }, (_, i) => bad.seq - 5 + i),
    );

    const viewerTry = await api(
      server.url,
      'POST',
      `/api/mod/reports/${second.data.reportId}/resolve`,
      viewer,
      {
        action: 'delete',
      },
    );
    assert.equal(viewerTry.status, 403);
    const tombstone = nextEvent<Message>(r2, 'message_updated', (m) => m.seq === bad.seq);
    const resolved = await api<{ resolved: number }>(
      server.url,
      'POST',
      `/api/mod/reports/${second.data.reportId}/resolve`,
      mod,
      { action: 'delete' },
    );
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.resolved, 2);
    const seen = await tombstone;
    assert.equal(seen.text, '');
    assert.equal(seen.deletedBy, 'moderator');
    const after = await api<Paged<ReportGroup>>(server.url, 'GET', '/api/mod/reports', mod);
    assert.equal(
      after.body.items.some((g) => g.room === '$RQ'),
      false,
    );
  });

  it('resolving with dismiss changes nothing but the reports; with mute, mutes the sender in that room', async () => {
    const author = await joined('rd-author', '$RD');
    const reporter = await joined('rd-rep', '$RD');
    const m1 = await send(author, '$RD', 'borderline');
    const m2 = await send(author, '$RD', 'over the line');
    const r1 = await request<{ reportId: string }>(reporter, 'report_message', {
      room: '$RD',
      seq: m1.seq,
      reason: 'other',
    });
    const r2 = await request<{ reportId: string }>(reporter, 'report_message', {
      room: '$RD',
      seq: m2.seq,
      reason: 'abuse',
    });
    assert.ok(r1.ok && r2.ok);
    const dismiss = await api(
      server.url,
      'POST',
      `/api/mod/reports/${r1.data.reportId}/resolve`,
      mod,
      { action: 'dismiss' },
    );
    assert.equal(dismiss.status, 200);
    const kept = await request<{ messages: Message[] }>(reporter, 'history', { room: '$RD' });
    assert.equal(kept.ok && kept.data.messages.find((m) => m.seq === m1.seq)?.text, 'borderline');
    const mute = await api(
      server.url,
      'POST',
      `/api/mod/reports/${r2.data.reportId}/resolve`,
      mod,
      { action: 'mute', minutes: 5 },
    );
    assert.equal(mute.status, 200);
    const refused = await request(author, 'send_message', {
      room: '$RD',
      text: 'again',
      clientId: 'rd-again',
    });
    assert.equal(!refused.ok && refused.error.code, 'muted');
    const resolved = await api<Paged<ReportGroup>>(
      server.url,
      'GET',
      '/api/mod/reports?status=resolved',
      viewer,
    );
    assert.deepEqual(
      resolved.body.items
        .filter((g) => g.room === '$RD')
        .map((g) => g.seq)
        .sort(),
      [m1.seq, m2.seq].sort(),
    );
  });

  it('refuses a malformed report with bad_request', async () => {
    const r = await joined('rq-bad', '$RQ');
    const ack = await request(r, 'report_message', { room: '$RQ', seq: 1, reason: 'boring' });
    assert.equal(!ack.ok && ack.error.code, 'bad_request');
  });
});

describe('DELETE /api/mod/messages/:room/:seq', () => {
  it('deletes with a reason (audited), and refuses users who do not moderate', async () => {
    const author = await joined('del-author', '$MODDEL');
    const m = await send(author, '$MODDEL', 'rude words');
    const user = await server.token('del-user');
    const refused = await api(server.url, 'DELETE', `/api/mod/messages/$MODDEL/${m.seq}`, user);
    assert.equal(refused.status, 403);
    const res = await api<{ message: Message }>(
      server.url,
      'DELETE',
      `/api/mod/messages/$MODDEL/${m.seq}?reason=insults`,
      mod,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.message.deletedBy, 'moderator');
    const audit = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      `/api/mod/audit?action=delete_message&target=${encodeURIComponent(`$MODDEL#${m.seq}`)}`,
      viewer,
    );
    assert.deepEqual(
      audit.body.items.map((e) => [e.target, e.reason]),
      [[`$MODDEL#${m.seq}`, 'insults']],
    );
  });

  it('lets a group’s creator moderate that group only', async () => {
    const ownerToken = await server.token('g-owner', { friends: ['g-member'] });
    const created = await api<{ room: { id: string } }>(
      server.url,
      'POST',
      '/api/rooms',
      ownerToken,
      {
        name: 'Club',
        members: ['g-member'],
      },
    );
    const room = created.body.room.id;
    const member = await joined('g-member', room);
    const m = await send(member, room, 'off topic');
    const del = await api(server.url, 'DELETE', `/api/mod/messages/${room}/${m.seq}`, ownerToken);
    assert.equal(del.status, 200);
    const slow = await api(server.url, 'PATCH', `/api/mod/rooms/${room}`, ownerToken, {
      slowModeSec: 5,
    });
    assert.equal(slow.status, 200);
    const ticker = await api(server.url, 'PATCH', '/api/mod/rooms/$TSLA', ownerToken, {
      readOnly: true,
    });
    assert.equal(ticker.status, 403);
    const ban = await api(server.url, 'POST', '/api/mod/bans', ownerToken, {
      userId: 'g-member',
      reason: 'x',
    });
    assert.equal(ban.status, 403);
  });
});

describe('bans', () => {
  it('disconnects the user with reason banned, refuses new handshakes and REST, and lifts', async () => {
    const victim = await joined('ban-me', '$BAN');
    const victimToken = await server.token('ban-me');
    const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    const res = await api<{ ban: Ban }>(server.url, 'POST', '/api/mod/bans', mod, {
      userId: 'ban-me',
      reason: 'pump and dump',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.ban, { userId: 'ban-me', until: null, reason: 'pump and dump' });
    assert.equal(await gone, 'io server disconnect');
    // The console counts it under its own reason.
    assert.ok((server.app.registry.disconnectTotals['banned'] ?? 0) >= 1);
    await assert.rejects(server.client(victimToken), (err: Error & { data?: { code: string } }) => {
      assert.equal(err.data?.code, 'banned');
      return true;
    });
    const me = await api<{ error: { code: string } }>(server.url, 'GET', '/api/me', victimToken);
    assert.deepEqual([me.status, me.body.error.code], [403, 'banned']);
    const list = await api<Paged<Ban>>(server.url, 'GET', '/api/mod/bans', viewer);
    assert.ok(list.body.items.some((b) => b.userId === 'ban-me'));
    const lift = await api(server.url, 'DELETE', '/api/mod/bans/ban-me?reason=appeal', mod);
    assert.equal(lift.status, 200);
    const back = await server.client(victimToken);
    assert.equal(back.connected, true);
    const audit = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      '/api/mod/audit?target=ban-me',
      viewer,
    );
    assert.deepEqual(
      audit.body.items.map((e) => [e.action, e.actor]),
      [
        ['unban', 'the-mod'],
        ['ban', 'the-mod'],
      ],
    );
  });

  it('resolving a report with ban bans the sender', async () => {
    const author = await joined('rb-author', '$RB');
    const reporter = await joined('rb-rep', '$RB');
    const m = await send(author, '$RB', 'follow my paid group');
    const rep = await request<{ reportId: string }>(reporter, 'report_message', {
      room: '$RB',
      seq: m.seq,
      reason: 'spam',
    });
    assert.ok(rep.ok);
    const gone = new Promise<void>((resolve) => author.once('disconnect', () => resolve()));
    const res = await api(
      server.url,
      'POST',
      `/api/mod/reports/${rep.data.reportId}/resolve`,
      mod,
      {
        action: 'ban',
        minutes: 60,
      },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await gone;
    const bans = await api<Paged<Ban>>(server.url, 'GET', '/api/mod/bans', mod);
    assert.ok(bans.body.items.find((b) => b.userId === 'rb-author')?.until);
  });
});

describe('/api/mod access and input', () => {
  it('refuses plain users on reads, viewers on actions, and bad input with bad_request', async () => {
    const user = await server.token('plain');
    assert.equal((await api(server.url, 'GET', '/api/mod/reports', user)).status, 403);
    assert.equal((await api(server.url, 'GET', '/api/mod/audit', user)).status, 403);
    assert.equal(
      (await api(server.url, 'POST', '/api/mod/bans', viewer, { userId: 'x', reason: 'r' })).status,
      403,
    );
    const bad = await api<{ error: { code: string } }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'x',
      minutes: -3,
      reason: 'r',
    });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'bad_request']);
    const empty = await api(server.url, 'PATCH', '/api/mod/rooms/$X', mod, {});
    assert.equal(empty.status, 400);
    const limit = await api(server.url, 'GET', '/api/mod/audit?limit=5000', mod);
    assert.equal(limit.status, 400);
  });

  it('pages the audit log with nextCursor and records the console’s notices', async () => {
    const admin = await server.token('the-admin', { roles: ['admin'] });
    for (let i = 0; i < 3; i++) {
      const res = await api(server.url, 'POST', '/api/admin/notices', admin, {
        text: `notice ${i}`,
      });
      assert.equal(res.status, 201);
    }
    const first = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      '/api/mod/audit?actor=the-admin&limit=2',
      admin,
    );
    assert.deepEqual(
      first.body.items.map((e) => [e.action, e.reason]),
      [
        ['notice', 'notice 2'],
        ['notice', 'notice 1'],
      ],
    );
    assert.ok(first.body.nextCursor);
    const second = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      `/api/mod/audit?actor=the-admin&limit=2&cursor=${first.body.nextCursor}`,
      admin,
    );
    assert.deepEqual(
      second.body.items.map((e) => e.reason),
      ['notice 0'],
    );
    assert.equal(second.body.nextCursor, null);
  });
});
