import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { UNTIL_LIFTED } from '../../protocol/sanctions.js';
import type { Message, User } from '../../protocol/wire.js';
import type { AuditEntry, Mute, Paged, PurgeResult, UserReview } from '../../protocol/admin.js';
import { joinedClient, sendText } from '../support/chat.js';
import { withServer } from '../support/fixtures.js';
import { api, nextEvent, request } from '../support/server.js';

const server = withServer();
let mod: string;
let viewer: string;
let plain: string;
before(async () => {
  mod = await server.token('mu-mod', { roles: ['moderator'] });
  viewer = await server.token('mu-viewer', { roles: ['viewer'] });
  plain = await server.token('mu-plain');
});

describe('GET /api/mod/users and /api/mod/users/:userId', () => {
  it('finds a user by the start of their name and shows their recent messages across rooms, newest first', async () => {
    const spammer = await joinedClient(server, 'mu-spam', '$MUA', { name: 'Spammy Sam' });
    assert.ok((await request(spammer, 'join_chat', { room: '$MUB' })).ok);
    const first = await sendText(spammer, '$MUA', 'buy $MUA now');
    const second = await sendText(spammer, '$MUB', 'and $MUB too');
    const found = await api<{ items: User[] }>(
      server.url,
      'GET',
      '/api/mod/users?q=spammy',
      viewer,
    );
    assert.equal(found.status, 200);
    assert.deepEqual(
      found.body.items.map((u) => [u.id, u.name]),
      [['mu-spam', 'Spammy Sam']],
    );
    const review = await api<UserReview>(server.url, 'GET', '/api/mod/users/mu-spam', viewer);
    assert.equal(review.status, 200);
    assert.equal(review.body.user.name, 'Spammy Sam');
    assert.deepEqual(
      review.body.messages.map((m) => [m.room, m.seq]),
      [
        ['$MUB', second.seq],
        ['$MUA', first.seq],
      ],
    );
    assert.deepEqual([review.body.mutes, review.body.ban], [[], null]);
    assert.equal((await api(server.url, 'GET', '/api/mod/users?q=spammy', plain)).status, 403);
    assert.equal((await api(server.url, 'GET', '/api/mod/users/nobody-here', mod)).status, 404);
    assert.equal((await api(server.url, 'GET', '/api/mod/users?q=', mod)).status, 400);
  });
});

describe('POST /api/mod/users/:userId/purge', () => {
  it('tombstones the user’s messages of the window in every room, tells each room, and audits once with the count', async () => {
    const spammer = await joinedClient(server, 'mp-spam', '$MPX', { name: 'Pat Spam' });
    assert.ok((await request(spammer, 'join_chat', { room: '$MPY' })).ok);
    const watcherX = await joinedClient(server, 'mp-watch-x', '$MPX');
    const watcherY = await joinedClient(server, 'mp-watch-y', '$MPY');
    // An hour-old message, outside a 30-minute window (the real store, written directly).
    const old = await server.store.appendMessage({
      room: '$MPX',
      clientId: 'mp-old',
      sender: { id: 'mp-spam', name: 'Pat Spam' },
      text: 'an old one',
      cashtags: [],
      createdAt: new Date(Date.now() - 3_600_000),
    });
    const sent = [
      await sendText(spammer, '$MPX', 'pump 1'),
      await sendText(spammer, '$MPY', 'pump 2'),
      await sendText(spammer, '$MPX', 'pump 3'),
    ];
    const innocent = await sendText(watcherX, '$MPX', 'just chatting');

    for (const token of [plain, viewer]) {
      const refused = await api(server.url, 'POST', '/api/mod/users/mp-spam/purge', token, {
        minutes: 30,
      });
      assert.equal(refused.status, 403);
    }
    const bad = await api(server.url, 'POST', '/api/mod/users/mp-spam/purge', mod, { minutes: 0 });
    assert.equal(bad.status, 400);
    const untouched = await api<UserReview>(server.url, 'GET', '/api/mod/users/mp-spam', mod);
    assert.equal(untouched.body.messages.filter((m) => m.deletedAt).length, 0);

    const seen = (socket: typeof watcherX, room: string, count: number) => {
      const got: Message[] = [];
      return new Promise<Message[]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${room}: ${got.length} tombstones`)),
          3000,
        );
        socket.on('message_updated', (m) => {
          if (m.deletedBy === 'moderator') got.push(m);
          if (got.length === count) {
            clearTimeout(timer);
            resolve(got);
          }
        });
      });
    };
    const inX = seen(watcherX, '$MPX', 2);
    const inY = nextEvent<Message>(watcherY, 'message_updated', (m) => m.deletedBy === 'moderator');
    const res = await api<PurgeResult>(server.url, 'POST', '/api/mod/users/mp-spam/purge', mod, {
      minutes: 30,
      reason: 'pump campaign',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.removed, 3);
    assert.deepEqual([...res.body.rooms].sort(), ['$MPX', '$MPY']);
    assert.equal(res.body.more, false);
    assert.deepEqual(
      (await inX).map((m) => m.seq).sort((a, b) => a - b),
      [sent[0]!.seq, sent[2]!.seq],
    );
    assert.equal((await inY).seq, sent[1]!.seq);

    for (const m of sent) assert.equal((await server.store.getMessage(m.room, m.seq))?.text, '');
    assert.equal((await server.store.getMessage('$MPX', old.message.seq))?.text, 'an old one');
    assert.equal((await server.store.getMessage('$MPX', innocent.seq))?.text, 'just chatting');

    const audit = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      '/api/mod/audit?action=purge_messages&target=mp-spam',
      viewer,
    );
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0]!.actor, 'mu-mod');
    assert.match(audit.body.items[0]!.reason, /^3 messages in 2 rooms from the last 30 min: pump/);
  });
});

describe('POST /api/mod/mutes with minutes null', () => {
  it('mutes until lifted', async () => {
    const res = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mu-forever',
      minutes: null,
      reason: 'until appeal',
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.mute.until, UNTIL_LIFTED);
    const audit = await api<Paged<AuditEntry>>(
      server.url,
      'GET',
      '/api/mod/audit?action=mute&target=mu-forever',
      mod,
    );
    assert.match(audit.body.items[0]!.reason, /^everywhere until lifted: until appeal/);
  });
});
