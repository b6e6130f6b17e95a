import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JoinChatData, Message, MessageData, MessagesPage } from '../../protocol/wire.js';
import { nextEvent, request, type TokenOptions } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';
import { joinedClient, sendText } from '../support/chat.js';

const clock = new ManualClock();
const server = withServer({ EDIT_WINDOW_SEC: '900' }, { clock });
const joined = (sub: string, room: string, opts: TokenOptions = {}) =>
  joinedClient(server, sub, room, opts);
const send = sendText;

describe('edit_message', () => {
  it('edits an own message, raises rev, and sends message_updated to every socket in the room', async () => {
    const a = await joined('e1', '$EDIT');
    const b = await joined('e2', '$EDIT');
    const sent = await send(a, '$EDIT', 'first take');
    const seen = nextEvent<Message>(b, 'message_updated');
    const ack = await request<MessageData>(a, 'edit_message', {
      room: '$edit',
      seq: sent.seq,
      text: 'second take on $TSLA',
    });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const edited = ack.ok ? ack.data.message : (undefined as never);
    assert.equal(edited.text, 'second take on $TSLA');
    assert.deepEqual(edited.cashtags, ['$TSLA']);
    assert.equal(edited.seq, sent.seq);
    assert.ok(edited.rev > sent.rev);
    assert.ok(edited.editedAt);
    assert.deepEqual(await seen, edited);
  });

  it('refuses someone else’s message and an expired edit window with forbidden, changing nothing', async () => {
    const a = await joined('e3', '$EDIT');
    const b = await joined('e4', '$EDIT');
    const sent = await send(a, '$EDIT', 'mine');
    const other = await request(b, 'edit_message', { room: '$EDIT', seq: sent.seq, text: 'x' });
    assert.equal(!other.ok && other.error.code, 'forbidden');
    await clock.advance(900_001);
    const late = await request(a, 'edit_message', { room: '$EDIT', seq: sent.seq, text: 'x' });
    assert.equal(!late.ok && late.error.code, 'forbidden');
    const page = await request<MessagesPage>(a, 'history', { room: '$EDIT' });
    const stored = page.ok && page.data.messages.find((m) => m.seq === sent.seq);
    assert.equal(stored && stored.text, 'mine');
  });

  it('answers not_found for a missing message and bad_request for malformed input', async () => {
    const a = await joined('e5', '$EDIT');
    const missing = await request(a, 'edit_message', { room: '$EDIT', seq: 99999, text: 'x' });
    assert.equal(!missing.ok && missing.error.code, 'not_found');
    const bad = await request(a, 'edit_message', { room: '$EDIT', seq: 'one', text: 'x' });
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
  });
});

describe('delete_message', () => {
  it('turns an own message into a tombstone that keeps its seq, for everyone', async () => {
    const a = await joined('d1', '$DEL');
    const b = await joined('d2', '$DEL');
    const sent = await send(a, '$DEL', 'oops');
    await send(a, '$DEL', 'after');
    const seen = nextEvent<Message>(b, 'message_updated');
    const ack = await request<MessageData>(a, 'delete_message', { room: '$DEL', seq: sent.seq });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const tomb = ack.ok ? ack.data.message : (undefined as never);
    assert.equal(tomb.text, '');
    assert.equal(tomb.deletedBy, 'sender');
    assert.ok(tomb.deletedAt);
    assert.deepEqual(await seen, tomb);
    const page = await request<MessagesPage>(b, 'history', { room: '$DEL' });
    assert.ok(page.ok);
    assert.deepEqual(
      page.data.messages.map((m) => [m.seq, m.text]),
      [
        [sent.seq, ''],
        [sent.seq + 1, 'after'],
      ],
    );
    const edit = await request(a, 'edit_message', { room: '$DEL', seq: sent.seq, text: 'back' });
    assert.equal(!edit.ok && edit.error.code, 'forbidden');
  });

  it('lets a moderator delete any message (deletedBy moderator) and refuses other users', async () => {
    const a = await joined('d3', '$DEL');
    const b = await joined('d4', '$DEL');
    const mod = await joined('d5', '$DEL', { roles: ['moderator'] });
    const sent = await send(a, '$DEL', 'pump it');
    const refused = await request(b, 'delete_message', { room: '$DEL', seq: sent.seq });
    assert.equal(!refused.ok && refused.error.code, 'forbidden');
    const ack = await request<MessageData>(mod, 'delete_message', { room: '$DEL', seq: sent.seq });
    assert.equal(ack.ok && ack.data.message.deletedBy, 'moderator');
  });
});

describe('catch-up of changes', () => {
  it('join_chat answers lastRev, and sync with lastRev returns edits and deletes before lastSeq too', async () => {
    const a = await joined('s1', '$CATCH');
    const m1 = await send(a, '$CATCH', 'one');
    const m2 = await send(a, '$CATCH', 'two');
    const reader = await server.client(await server.token('s2'));
    const join = await request<JoinChatData>(reader, 'join_chat', { room: '$CATCH' });
    assert.ok(join.ok);
    assert.equal(join.data.lastRev, m2.rev);
    const { lastSeq, lastRev } = join.data;
    reader.close();

    await request(a, 'edit_message', { room: '$CATCH', seq: m1.seq, text: 'one, edited' });
    await request(a, 'delete_message', { room: '$CATCH', seq: m2.seq });
    const m3 = await send(a, '$CATCH', 'three');

    const back = await server.client(await server.token('s2'));
    const page = await request<MessagesPage>(back, 'sync', {
      rooms: [{ room: '$CATCH', lastSeq, lastRev }],
    });
    assert.ok(page.ok, JSON.stringify(page));
    assert.deepEqual(
      page.data.messages.map((m) => [m.seq, m.text]),
      [
        [m1.seq, 'one, edited'],
        [m2.seq, ''],
        [m3.seq, 'three'],
      ],
    );
    const without = await request<MessagesPage>(back, 'sync', {
      rooms: [{ room: '$CATCH', lastSeq }],
    });
    assert.deepEqual(without.ok && without.data.messages.map((m) => m.seq), [m3.seq]);
    const upToDate = await request<MessagesPage>(back, 'sync', {
      rooms: [{ room: '$CATCH', lastSeq: m3.seq, lastRev: m3.rev }],
    });
    assert.deepEqual(upToDate, { ok: true, data: { messages: [], hasMore: false } });
  });

  it('pages changes and new messages together within the limit', async () => {
    const a = await joined('s3', '$PAGE');
    const sent: Message[] = [];
    for (let i = 0; i < 4; i++) sent.push(await send(a, '$PAGE', `m${i}`));
    const lastRev = sent[3]!.rev;
    for (const m of sent.slice(0, 3))
      await request(a, 'edit_message', { room: '$PAGE', seq: m.seq, text: `${m.text}!` });
    await send(a, '$PAGE', 'new');
    const first = await request<MessagesPage>(a, 'sync', {
      rooms: [{ room: '$PAGE', lastSeq: sent[3]!.seq, lastRev }],
      limit: 2,
    });
    assert.ok(first.ok);
    assert.deepEqual(
      first.data.messages.map((m) => m.text),
      ['m0!', 'm1!'],
    );
    assert.equal(first.data.hasMore, true);
    const second = await request<MessagesPage>(a, 'sync', {
      rooms: [{ room: '$PAGE', lastSeq: sent[3]!.seq, lastRev: first.data.messages[1]!.rev }],
      limit: 2,
    });
    assert.ok(second.ok);
    assert.deepEqual(
      second.data.messages.map((m) => m.text),
      ['m2!', 'new'],
    );
    assert.equal(second.data.hasMore, false);
  });

  it('a stale lastRev alone (no new messages) still returns the changes', async () => {
    const a = await joined('s4', '$STALE');
    const m = await send(a, '$STALE', 'x');
    await request(a, 'delete_message', { room: '$STALE', seq: m.seq });
    const page = await request<MessagesPage>(a, 'sync', {
      rooms: [{ room: '$STALE', lastSeq: m.seq, lastRev: m.rev }],
    });
    assert.deepEqual(page.ok && page.data.messages.map((x) => [x.seq, x.deletedBy]), [
      [m.seq, 'sender'],
    ]);
  });
});
