import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  JoinChatData,
  Message,
  MessagesPage,
  SendMessageData,
  TypingEvent,
} from '../../protocol/wire.js';
import { collect, nextEvent, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer({ TYPING_TIMEOUT_MS: '500' });

async function joined(sub: string, room: string, opts = {}): Promise<ClientSocket> {
  const socket = await server.client(await server.token(sub, opts));
  const ack = await request<JoinChatData>(socket, 'join_chat', { room });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return socket;
}

describe('join_chat', () => {
  it('normalises a ticker room and creates it on first join', async () => {
    const socket = await server.client(await server.token('j1'));
    const ack = await request<JoinChatData>(socket, 'join_chat', { room: '$aapl' });
    assert.deepEqual(ack, {
      ok: true,
      data: {
        room: '$AAPL',
        lastSeq: 0,
        lastRev: 0,
        readSeq: 0,
        memberCount: 1,
        slowModeSec: 0,
        readOnly: false,
        canModerate: false,
        online: 1,
        muted: false,
      },
    });
  });

  it('refuses a malformed room id with bad_request', async () => {
    const socket = await server.client(await server.token('j2'));
    const ack = await request(socket, 'join_chat', { room: 'not a room' });
    assert.equal(ack.ok, false);
    assert.equal(!ack.ok && ack.error.code, 'bad_request');
  });

  it('refuses a group room the user is not a member of with forbidden', async () => {
    const ownerToken = await server.token('owner1');
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Private' }),
    });
    const { room } = (await res.json()) as { room: { id: string } };
    const outsider = await server.client(await server.token('outsider1'));
    const ack = await request(outsider, 'join_chat', { room: room.id });
    assert.equal(!ack.ok && ack.error.code, 'forbidden');
    const missing = await request(outsider, 'join_chat', { room: 'g:doesnotexist' });
    assert.equal(!missing.ok && missing.error.code, 'not_found');
  });
});

describe('leave_chat', () => {
  it('stops live events for the room', async () => {
    const a = await joined('l1', '$LEAVE');
    const b = await joined('l2', '$LEAVE');
    const left = await request(b, 'leave_chat', { room: '$leave' });
    assert.deepEqual(left, { ok: true, data: { room: '$LEAVE' } });
    const seen = collect<Message>(b, 'new_message', 300);
    await request(a, 'send_message', { room: '$LEAVE', text: 'after leave', clientId: 'c1' });
    assert.equal((await seen).length, 0);
  });
});

describe('send_message', () => {
  it('acks the stored message and broadcasts it to every subscriber, the sender included', async () => {
    const a = await joined('s1', '$MSFT');
    const b = await joined('s2', '$MSFT');
    const toA = nextEvent<Message>(a, 'new_message');
    const toB = nextEvent<Message>(b, 'new_message');
    const ack = await request<SendMessageData>(a, 'send_message', {
      room: '$MSFT',
      text: '  Long $msft and $brk.a, short $TSLA  ',
      clientId: 'm-1',
    });
    assert.equal(ack.ok, true);
    const message = ack.ok ? ack.data.message : undefined;
    assert.equal(message?.seq, 1);
    assert.equal(message?.text, 'Long $msft and $brk.a, short $TSLA');
    assert.deepEqual(message?.cashtags, ['$MSFT', '$BRK.A', '$TSLA']);
    assert.deepEqual(message?.sender, { id: 's1', name: 's1', kind: 'user' });
    assert.deepEqual(await toA, message);
    assert.deepEqual(await toB, message);
  });

  it('is idempotent on clientId: a retry returns the original and broadcasts nothing', async () => {
    const a = await joined('i1', '$IDEM');
    const b = await joined('i2', '$IDEM');
    const delivered = nextEvent<Message>(b, 'new_message');
    const first = await request<SendMessageData>(a, 'send_message', {
      room: '$IDEM',
      text: 'once',
      clientId: 'same',
    });
    await delivered;
    const seen = collect<Message>(b, 'new_message', 400);
    const retry = await request<SendMessageData>(a, 'send_message', {
      room: '$IDEM',
      text: 'once',
      clientId: 'same',
    });
    assert.ok(first.ok && retry.ok);
    assert.deepEqual(retry.data.message, first.data.message);
    assert.equal((await seen).length, 0);
    const page = await request<MessagesPage>(a, 'history', { room: '$IDEM' });
    assert.equal(page.ok && page.data.messages.length, 1);
  });

  it('assigns gap-free seqs under concurrent sends from several users', async () => {
    const senders = await Promise.all(['g1', 'g2', 'g3'].map((u) => joined(u, '$GAPS')));
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request<SendMessageData>(senders[i % 3]!, 'send_message', {
          room: '$GAPS',
          text: `m${i}`,
          clientId: `c${i}`,
        }),
      ),
    );
    const seqs = acks.map((x) => (x.ok ? x.data.message.seq : -1)).sort((x, y) => x - y);
    assert.deepEqual(
      seqs,
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it('does not need a prior join: permission decides', async () => {
    const socket = await server.client(await server.token('nojoin'));
    const ack = await request<SendMessageData>(socket, 'send_message', {
      room: '$NOJN',
      text: 'hi',
      clientId: 'x',
    });
    assert.equal(ack.ok && ack.data.message.room, '$NOJN');
  });
});

describe('typing', () => {
  it('reaches the other subscribers, not the sending socket, and expires on its own', async () => {
    const a = await joined('t1', '$TYPE');
    const b = await joined('t2', '$TYPE');
    const atA = collect<TypingEvent>(a, 'typing', 400);
    const atB = nextEvent<TypingEvent>(b, 'typing', (e) => e.typing);
    a.emit('typing', { room: '$TYPE', typing: true });
    assert.deepEqual(await atB, { room: '$TYPE', user: { id: 't1', name: 't1' }, typing: true });
    assert.equal((await atA).length, 0);
    const stop = await nextEvent<TypingEvent>(b, 'typing', (e) => !e.typing, 2000);
    assert.equal(stop.user.id, 't1');
  });
});

describe('ping', () => {
  it('answers with the client time and the server time, ack and pong alike', async () => {
    const socket = await server.client(await server.token('p1'));
    const pong = nextEvent<{ t: number; serverTime: number }>(socket, 'pong');
    const ack = await request<{ t: number; serverTime: number }>(socket, 'ping', { t: 42 });
    assert.equal(ack.ok && ack.data.t, 42);
    assert.ok(ack.ok && Math.abs(ack.data.serverTime - Date.now()) < 5000);
    assert.equal((await pong).t, 42);
    const entry = server.app.registry.get(socket.id!);
    assert.ok(entry?.lastHeartbeat, 'the registry keeps the last heartbeat');
  });
});

describe('history', () => {
  it('pages backwards by beforeSeq, oldest first within a page', async () => {
    const a = await joined('h1', '$HIST');
    for (let i = 1; i <= 7; i++)
      await request(a, 'send_message', { room: '$HIST', text: `n${i}`, clientId: `h${i}` });
    const last = await request<MessagesPage>(a, 'history', { room: '$HIST', limit: 3 });
    assert.ok(last.ok);
    assert.deepEqual(
      last.data.messages.map((m) => m.seq),
      [5, 6, 7],
    );
    assert.equal(last.data.hasMore, true);
    const first = await request<MessagesPage>(a, 'history', {
      room: '$HIST',
      beforeSeq: 3,
      limit: 3,
    });
    assert.ok(first.ok);
    assert.deepEqual(
      first.data.messages.map((m) => m.seq),
      [1, 2],
    );
    assert.equal(first.data.hasMore, false);
  });
});

describe('sync', () => {
  it('returns what came after each lastSeq, in pages', async () => {
    const a = await joined('y1', '$SYNA');
    await request(a, 'join_chat', { room: '$SYNB' });
    for (let i = 1; i <= 4; i++) {
      await request(a, 'send_message', { room: '$SYNA', text: `a${i}`, clientId: `a${i}` });
      await request(a, 'send_message', { room: '$SYNB', text: `b${i}`, clientId: `b${i}` });
    }
    const page = await request<MessagesPage>(a, 'sync', {
      rooms: [
        { room: '$SYNA', lastSeq: 2 },
        { room: '$SYNB', lastSeq: 1 },
      ],
      limit: 4,
    });
    assert.ok(page.ok);
    assert.deepEqual(
      page.data.messages.map((m) => `${m.room}#${m.seq}`),
      ['$SYNA#3', '$SYNA#4', '$SYNB#2', '$SYNB#3'],
    );
    assert.equal(page.data.hasMore, true);
    const rest = await request<MessagesPage>(a, 'sync', {
      rooms: [
        { room: 'dm:y1:stranger', lastSeq: 0 },
        { room: 'g:gone', lastSeq: 0 },
        { room: '$SYNB', lastSeq: 3 },
      ],
    });
    assert.ok(rest.ok);
    assert.deepEqual(
      rest.data.messages.map((m) => m.seq),
      [4],
    );
    assert.equal(rest.data.hasMore, false, 'rooms the user cannot read are passed over');
    const bad = await request(a, 'sync', { rooms: [{ room: 'nope', lastSeq: 0 }] });
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
  });
});
