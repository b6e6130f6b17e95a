import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { JoinChatData, Message, SendMessageData, TypingEvent } from '../../protocol/wire.js';
import {
  api,
  collect,
  nextEvent,
  request,
  type ClientSocket,
  type TokenOptions,
} from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';
import { joinedClient } from '../support/chat.js';

const wordsFile = path.join(tmpdir(), `stock-chat-words-${process.pid}.txt`);
writeFileSync(wordsFile, '# test list\nscamcoin\n');

const clock = new ManualClock();
const server = withServer(
  { BLOCKED_WORDS_FILE: wordsFile, BLOCKED_WORDS_ACTION: 'mask' },
  { clock },
);
const joined = (sub: string, room: string, opts: TokenOptions = {}) =>
  joinedClient(server, sub, room, opts);

let n = 0;
const cid = () => `r-${++n}-${Math.random().toString(36).slice(2, 8)}`;

const send = (socket: ClientSocket, room: string, text: string, clientId = cid()) =>
  request<SendMessageData>(socket, 'send_message', { room, text, clientId });
const codeOf = (ack: { ok: boolean; error?: { code: string } }) =>
  ack.ok ? 'ok' : ack.error!.code;

async function auditActions(actor: string): Promise<string[]> {
  const admin = await server.token('audit-reader', { roles: ['viewer'] });
  const res = await api<{ items: { action: string }[] }>(
    server.url,
    'GET',
    `/api/mod/audit?actor=${actor}&limit=100`,
    admin,
  );
  return res.body.items.map((e) => e.action);
}

describe('automatic rules', () => {
  it('refuses the third copy of one text within ten minutes, across rooms, with spam (audited as auto)', async () => {
    const a = await joined('rep1', '$REPA');
    assert.equal(codeOf(await send(a, '$REPA', 'BUY $XYZ now')), 'ok');
    assert.equal(codeOf(await send(a, '$REPB', 'buy  $xyz NOW')), 'ok');
    const third = await send(a, '$REPA', 'buy $XYZ now');
    assert.equal(codeOf(third), 'spam');
    assert.equal(!third.ok && third.error.rule, 'repeat');
    assert.equal(codeOf(await send(a, '$REPA', 'something else')), 'ok');
    assert.ok((await auditActions('auto')).includes('auto_repeat'));
  });

  it('answers a retried clientId with the original and never counts it', async () => {
    const a = await joined('rep2', '$RETRY');
    const id = cid();
    const first = await send(a, '$RETRY', 'same words', id);
    const retry1 = await send(a, '$RETRY', 'same words', id);
    const retry2 = await send(a, '$RETRY', 'same words', id);
    assert.ok(first.ok && retry1.ok && retry2.ok);
    assert.deepEqual(retry2.data.message, first.data.message);
    // Only one copy counted: a second new one is still fine.
    assert.equal(codeOf(await send(a, '$RETRY', 'same words')), 'ok');
  });

  it('refuses more than five cashtags with spam naming the rule and its limit, and takes five', async () => {
    const a = await joined('tags1', '$TAGS');
    assert.equal(codeOf(await send(a, '$TAGS', '$A $B $C $D $E')), 'ok');
    const six = await send(a, '$TAGS', '$A $B $C $D $E $F');
    assert.equal(codeOf(six), 'spam');
    assert.deepEqual(!six.ok && [six.error.rule, six.error.limit], ['cashtags', 5]);
  });

  it('masks a blocked word when configured to mask', async () => {
    const a = await joined('words1', '$WORDS');
    const ack = await send(a, '$WORDS', 'try ScamCoin today');
    assert.equal(ack.ok && ack.data.message.text, 'try ******** today');
  });

  it('exempts moderators from the rules', async () => {
    const mod = await joined('modx', '$TAGS', { roles: ['moderator'] });
    assert.equal(codeOf(await send(mod, '$TAGS', '$A $B $C $D $E $F $G')), 'ok');
  });
});

describe('links from new accounts', () => {
  it('refuses a link in a ticker room from an account first seen under an hour ago, not in a group', async () => {
    const a = await joined('newbie1', '$LINKS');
    const ack = await send(a, '$LINKS', 'see https://pump.example.com/now');
    assert.equal(codeOf(ack), 'spam');
    assert.match(ack.ok ? '' : ack.error.message, /minutes/);
    assert.deepEqual(!ack.ok && [ack.error.rule, ack.error.limit], ['link', 60]);
    const token = await server.token('newbie1');
    const group = await api<{ room: { id: string } }>(server.url, 'POST', '/api/rooms', token, {
      name: 'Friends',
    });
    assert.equal(codeOf(await send(a, group.body.room.id, 'see https://ok.example.com')), 'ok');
  });
});

describe('room settings', () => {
  it('slow mode answers rate_limited with retryAfterMs and rule slow_mode per user per room, and room_updated goes to the room', async () => {
    const mod = await server.token('slowmod', { roles: ['moderator'] });
    const a = await joined('slow1', '$SLOW');
    const b = await joined('slow2', '$SLOW');
    const update = nextEvent<{ room: string; slowModeSec: number; readOnly: boolean }>(
      b,
      'room_updated',
    );
    const res = await api(server.url, 'PATCH', '/api/mod/rooms/$SLOW', mod, { slowModeSec: 30 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(await update, { room: '$SLOW', slowModeSec: 30, readOnly: false });
    assert.equal(codeOf(await send(a, '$SLOW', 'one')), 'ok');
    const second = await send(a, '$SLOW', 'two');
    assert.equal(codeOf(second), 'rate_limited');
    assert.ok(!second.ok && second.error.retryAfterMs! > 25_000);
    assert.deepEqual(!second.ok && [second.error.rule, second.error.limit], ['slow_mode', 30]);
    assert.equal(codeOf(await send(b, '$SLOW', 'b may post')), 'ok');
    assert.equal(codeOf(await send(a, '$OTHER', 'another room is fine')), 'ok');
    const join = await request<JoinChatData>(a, 'join_chat', { room: '$SLOW' });
    assert.equal(join.ok && join.data.slowModeSec, 30);
  });

  it('a read-only room answers forbidden to users and takes moderators’ messages', async () => {
    const modToken = await server.token('romod', { roles: ['moderator'] });
    const a = await joined('ro1', '$RO');
    await api(server.url, 'PATCH', '/api/mod/rooms/$RO', modToken, { readOnly: true });
    assert.equal(codeOf(await send(a, '$RO', 'hello')), 'forbidden');
    const mod = await joined('romod', '$RO', { roles: ['moderator'] });
    assert.equal(codeOf(await send(mod, '$RO', 'announcement')), 'ok');
    const join = await request<JoinChatData>(a, 'join_chat', { room: '$RO' });
    assert.equal(join.ok && join.data.readOnly, true);
  });
});

describe('mutes', () => {
  it('a muted user gets muted with until on send and edit, and their typing is not forwarded', async () => {
    const modToken = await server.token('mutemod', { roles: ['moderator'] });
    const a = await joined('mute1', '$MUTE');
    const b = await joined('mute2', '$MUTE');
    const sent = await send(a, '$MUTE', 'before the mute');
    const res = await api<{ mute: { id: string; until: string; room: string } }>(
      server.url,
      'POST',
      '/api/mod/mutes',
      modToken,
      { userId: 'mute1', room: '$MUTE', minutes: 10, reason: 'cool off' },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const refused = await send(a, '$MUTE', 'still here');
    assert.equal(codeOf(refused), 'muted');
    assert.equal(!refused.ok && refused.error.until, res.body.mute.until);
    const edit = await request(a, 'edit_message', {
      room: '$MUTE',
      seq: sent.ok ? sent.data.message.seq : 0,
      text: 'edited',
    });
    assert.equal(codeOf(edit), 'muted');
    const typing = collect<TypingEvent>(b, 'typing', 300);
    a.emit('typing', { room: '$MUTE', typing: true });
    assert.deepEqual(await typing, []);
    assert.equal(codeOf(await send(a, '$ELSW', 'another room')), 'ok');
    const join = await request<JoinChatData>(a, 'join_chat', { room: '$MUTE' });
    assert.equal(join.ok && join.data.mutedUntil, res.body.mute.until);

    const lift = await api(
      server.url,
      'DELETE',
      `/api/mod/mutes/${res.body.mute.id}?reason=ok`,
      modToken,
    );
    assert.equal(lift.status, 200);
    assert.equal(codeOf(await send(a, '$MUTE', 'back again')), 'ok');
    assert.deepEqual((await auditActions('mutemod')).sort(), ['mute', 'unmute']);
  });

  it('mutes expire by themselves', async () => {
    const a = await joined('exp1', '$EXP');
    const mute = await server.store.moderation.addMute({
      userId: 'exp1',
      room: null,
      until: new Date(clock.now() + 400),
      reason: 'short',
    });
    // Made behind the service's back: the in-memory state learns of it on a reload.
    await server.app.moderationState.refresh();
    assert.equal(codeOf(await send(a, '$EXP', 'now')), 'muted');
    await clock.advance(600);
    assert.equal(codeOf(await send(a, '$EXP', 'later')), 'ok');
    assert.ok(mute.id);
  });

  it('five distinct reporters within an hour mute the sender in that room (audited as auto)', async () => {
    const spammer = await joined('rspam', '$AUTO');
    const sent = await send(spammer, '$AUTO', 'join my paid signals group');
    const seq = sent.ok ? sent.data.message.seq : 0;
    for (let i = 1; i <= 5; i++) {
      const r = await joined(`reporter${i}`, '$AUTO');
      const ack = await request<{ reportId: string }>(r, 'report_message', {
        room: '$AUTO',
        seq,
        reason: 'spam',
      });
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
    assert.equal(codeOf(await send(spammer, '$AUTO', 'more')), 'muted');
    assert.equal(codeOf(await send(spammer, '$ELSE', 'other room ok')), 'ok');
    assert.ok((await auditActions('auto')).includes('mute'));
  });
});

describe('blocks', () => {
  it('a blocked user’s messages are not delivered live, not in history or sync, and DMs are refused both ways', async () => {
    const me = await joined('blk1', '$BLK', { friends: ['blk2'] });
    const them = await joined('blk2', '$BLK');
    const other = await joined('blk3', '$BLK');
    const ack = await request<{ blocked: string[] }>(me, 'block_user', { userId: 'blk2' });
    assert.deepEqual(ack, { ok: true, data: { blocked: ['blk2'] } });
    const mine = collect<Message>(me, 'new_message', 400);
    const theirs = nextEvent<Message>(other, 'new_message', (m) => m.text === 'hello all');
    assert.equal(codeOf(await send(them, '$BLK', 'hello all')), 'ok');
    await theirs;
    assert.deepEqual(
      (await mine).map((m) => m.text),
      [],
    );
    const history = await request<{ messages: Message[] }>(me, 'history', { room: '$BLK' });
    assert.ok(history.ok);
    assert.equal(
      history.data.messages.some((m) => m.sender.id === 'blk2'),
      false,
    );
    const sync = await request<{ messages: Message[] }>(me, 'sync', {
      rooms: [{ room: '$BLK', lastSeq: 0 }],
    });
    assert.equal(sync.ok && sync.data.messages.some((m) => m.sender.id === 'blk2'), false);
    assert.equal(codeOf(await send(me, 'dm:blk1:blk2', 'hi')), 'forbidden');
    assert.equal(codeOf(await send(them, 'dm:blk1:blk2', 'hi')), 'forbidden');
    // In a group, the blocker gets no unread count for the blocked member's message either.
    const ownerToken = await server.token('blk1', { friends: ['blk2', 'blk3'] });
    const group = await api<{ room: { id: string } }>(
      server.url,
      'POST',
      '/api/rooms',
      ownerToken,
      {
        name: 'Blockers',
        members: ['blk2', 'blk3'],
      },
    );
    const room = group.body.room.id;
    const myUnread = collect<{ room: string }>(me, 'unread', 400);
    const otherUnread = nextEvent<{ room: string; count: number }>(
      other,
      'unread',
      (e) => e.room === room,
    );
    assert.equal(codeOf(await send(them, room, 'group hello')), 'ok');
    assert.equal((await otherUnread).count, 1);
    assert.deepEqual(
      (await myUnread).filter((e) => e.room === room),
      [],
    );
    const unblock = await request<{ blocked: string[] }>(me, 'unblock_user', { userId: 'blk2' });
    assert.deepEqual(unblock, { ok: true, data: { blocked: [] } });
    assert.equal(codeOf(await send(them, 'dm:blk1:blk2', 'hi again')), 'ok');
  });
});
