import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  JoinChatData,
  Message,
  MessageData,
  MessagesPage,
  SendMessageData,
} from '../../protocol/wire.js';
import { api, nextEvent, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer({ LIMIT_REACTIONS_PER_MINUTE: '6' });
const run = Math.random().toString(36).slice(2, 7);

async function joined(sub: string, room: string, opts = {}): Promise<ClientSocket> {
  const socket = await server.client(await server.token(`${sub}${run}`, opts));
  const ack = await request<JoinChatData>(socket, 'join_chat', { room });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return socket;
}

async function send(socket: ClientSocket, room: string, text: string): Promise<Message> {
  const ack = await request<SendMessageData>(socket, 'send_message', {
    room,
    text,
    clientId: `c-${Math.random().toString(36).slice(2)}`,
  });
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data.message;
}

const react = (socket: ClientSocket, room: string, seq: number, emoji: string, on = true) =>
  request<MessageData>(socket, 'react', { room, seq, emoji, on });

async function latest(socket: ClientSocket, room: string): Promise<Message> {
  const page = await request<MessagesPage>(socket, 'history', { room });
  assert.ok(page.ok, JSON.stringify(page));
  return page.data.messages.at(-1)!;
}

describe('react', () => {
  it('counts a reaction, marks it mine for the reactor only, and sends message_updated with a new rev', async () => {
    const room = '$REACT';
    const ana = await joined('ana', room);
    const ben = await joined('ben', room);
    const sent = await send(ana, room, 'to the moon');
    const seen = nextEvent<Message>(ana, 'message_updated');
    const ack = await react(ben, room, sent.seq, '🚀');
    assert.ok(ack.ok, JSON.stringify(ack));
    assert.deepEqual(ack.data.message.reactions, [{ emoji: '🚀', count: 1, mine: true }]);
    assert.ok(ack.data.message.rev > sent.rev);
    const update = await seen;
    assert.deepEqual(update.reactions, [{ emoji: '🚀', count: 1 }], 'broadcasts carry no mine');
    assert.equal(update.rev, ack.data.message.rev);

    const again = await react(ana, room, sent.seq, '🚀');
    assert.ok(again.ok);
    assert.deepEqual(again.data.message.reactions, [{ emoji: '🚀', count: 2, mine: true }]);
    await react(ana, room, sent.seq, '👀');
    // History answers each reader with their own choices.
    assert.deepEqual((await latest(ben, room)).reactions, [
      { emoji: '🚀', count: 2, mine: true },
      { emoji: '👀', count: 1, mine: false },
    ]);
    assert.deepEqual((await latest(ana, room)).reactions, [
      { emoji: '🚀', count: 2, mine: true },
      { emoji: '👀', count: 1, mine: true },
    ]);
  });

  it('changes nothing when the reaction is already there or already gone, and takes one back', async () => {
    const room = '$REACU';
    const ana = await joined('cy', room);
    const sent = await send(ana, room, 'hi');
    const first = await react(ana, room, sent.seq, '👍');
    const repeat = await react(ana, room, sent.seq, '👍');
    assert.ok(first.ok && repeat.ok);
    assert.equal(repeat.data.message.rev, first.data.message.rev, 'no change, no new rev');
    const off = await react(ana, room, sent.seq, '👍', false);
    assert.ok(off.ok);
    assert.deepEqual(off.data.message.reactions, []);
    assert.ok(off.data.message.rev > first.data.message.rev);
    const offAgain = await react(ana, room, sent.seq, '👍', false);
    assert.equal(offAgain.ok && offAgain.data.message.rev, off.data.message.rev);
  });

  it('reaches a reconnecting client through sync with lastRev', async () => {
    const room = '$REACS';
    const ana = await joined('dee', room);
    const ben = await joined('eli', room);
    const sent = await send(ana, room, 'catch me up');
    const held = sent.rev;
    await react(ben, room, sent.seq, '🐂');
    const sync = await request<MessagesPage>(ana, 'sync', {
      rooms: [{ room, lastSeq: sent.seq, lastRev: held }],
    });
    assert.ok(sync.ok, JSON.stringify(sync));
    const changed = sync.data.messages.find((m) => m.seq === sent.seq);
    assert.deepEqual(changed?.reactions, [{ emoji: '🐂', count: 1, mine: false }]);
  });

  it('refuses a bad emoji, an unknown seq and a non-member, and changes nothing', async () => {
    const room = '$REACX';
    const ana = await joined('fay', room);
    const sent = await send(ana, room, 'untouched');
    const bad = await react(ana, room, sent.seq, '💩');
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
    assert.match(!bad.ok ? bad.error.message : '', /🚀/, 'the refusal names the allowed set');
    const missing = await react(ana, room, 999, '👍');
    assert.equal(!missing.ok && missing.error.code, 'not_found');
    const malformed = await request(ana, 'react', { room, seq: sent.seq, emoji: '👍' });
    assert.equal(!malformed.ok && malformed.error.code, 'bad_request');

    const owner = await server.token(`gus${run}`);
    const res = await api<{ room: { id: string } }>(server.url, 'POST', '/api/rooms', owner, {
      name: 'Private',
    });
    const group = res.body.room.id;
    const member = await server.client(owner);
    await request(member, 'join_chat', { room: group });
    const secret = await send(member, group, 'members only');
    const outsider = await server.client(await server.token(`hal${run}`));
    const refused = await react(outsider, group, secret.seq, '👍');
    assert.equal(!refused.ok && refused.error.code, 'forbidden');

    const after = await latest(ana, room);
    assert.deepEqual([after.reactions, after.rev], [[], sent.rev]);
    assert.deepEqual((await latest(member, group)).reactions, []);
  });

  it('follows the moderation rules: a muted user and a blocked user cannot react', async () => {
    const room = '$REACM';
    const ana = await joined('ivy', room);
    const ben = await joined('jon', room);
    const sent = await send(ana, room, 'rules');
    const mod = await server.token(`mod${run}`, { roles: ['moderator'] });
    const mute = await api(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: `jon${run}`,
      room,
      minutes: 5,
      reason: 'test',
    });
    assert.equal(mute.status, 201);
    const muted = await react(ben, room, sent.seq, '👍');
    assert.equal(!muted.ok && muted.error.code, 'muted');

    const cal = await joined('kim', room);
    const block = await request(ana, 'block_user', { userId: `kim${run}` });
    assert.ok(block.ok, JSON.stringify(block));
    const blocked = await react(cal, room, sent.seq, '👍');
    assert.equal(!blocked.ok && blocked.error.code, 'forbidden');
    assert.deepEqual((await latest(ana, room)).reactions, []);
  });

  it('limits reactions per user with rate_limited and retryAfterMs', async () => {
    const room = '$REACL';
    const ana = await joined('lou', room);
    const sent = await send(ana, room, 'spam me');
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await react(ana, room, sent.seq, '😂', i % 2 === 0));
    const limited = answers.find((a) => !a.ok);
    assert.equal(limited && !limited.ok && limited.error.code, 'rate_limited');
    assert.ok(limited && !limited.ok && (limited.error.retryAfterMs ?? 0) > 0);
  });
});
