import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JoinChatData, MentionEvent, SendMessageData } from '../../protocol/wire.js';
import { nextEvent, request, startServer, type TestServer } from '../support/server.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const run = Math.random().toString(36).slice(2, 7);

async function client(sub: string, room?: string) {
  const socket = await server.client(await server.token(sub));
  if (room) {
    const ack = await request<JoinChatData>(socket, 'join_chat', { room });
    assert.equal(ack.ok, true, JSON.stringify(ack));
  }
  return socket;
}

describe('send_message mentions', () => {
  it('extracts @ids into mentions and sends `mention` to every socket of a mentioned user, even one not in the room', async () => {
    const room = '$MENT';
    const ana = await client(`ana${run}`, room);
    const nora1 = await client(`nora${run}`);
    const nora2 = await client(`nora${run}`);
    const got1 = nextEvent<MentionEvent>(nora1, 'mention');
    const got2 = nextEvent<MentionEvent>(nora2, 'mention');
    const ack = await request<SendMessageData>(ana, 'send_message', {
      room,
      text: `hi @nora${run}, mail me at x@y.z and @nora${run} again @ana${run}`,
      clientId: 'm1',
    });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const message = ack.ok ? ack.data.message : null;
    assert.deepEqual(message?.mentions, [`nora${run}`, `ana${run}`]);
    for (const event of [await got1, await got2]) {
      assert.equal(event.room, room);
      assert.equal(event.message.id, message?.id);
    }
  });

  it('sends no `mention` to a mentioned user who may not read the group', async () => {
    const owner = `own${run}`;
    const token = await server.token(owner);
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Closed' }),
    });
    const { room } = (await res.json()) as { room: { id: string } };
    const sender = await client(owner, room.id);
    const outsider = await client(`out${run}`);
    let leaked = false;
    outsider.on('mention', () => (leaked = true));
    const ack = await request<SendMessageData>(sender, 'send_message', {
      room: room.id,
      text: `secret for @out${run}`,
      clientId: 'g1',
    });
    assert.equal(ack.ok && ack.data.message.mentions[0], `out${run}`);
    // A ping round trip after the send: a mention would have arrived before its answer.
    await request(outsider, 'ping', { t: 1 });
    await request(sender, 'ping', { t: 1 });
    assert.equal(leaked, false);
  });
});

describe('send_message replyTo', () => {
  it('carries {seq, sender, excerpt} of the original, kept in history', async () => {
    const room = '$REPLY';
    const a = await client(`ra${run}`, room);
    const long = 'x'.repeat(300);
    const first = await request<SendMessageData>(a, 'send_message', {
      room,
      text: long,
      clientId: 'r1',
    });
    assert.equal(first.ok, true);
    const seq = first.ok ? first.data.message.seq : 0;
    const reply = await request<SendMessageData>(a, 'send_message', {
      room,
      text: 'agreed',
      clientId: 'r2',
      replyTo: seq,
    });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const quote = reply.ok ? reply.data.message.replyTo : undefined;
    assert.equal(quote?.seq, seq);
    assert.equal(quote?.sender.id, `ra${run}`);
    assert.equal(quote?.excerpt.length, 140);
    assert.ok(quote?.excerpt.endsWith('…'));
    const history = await request<{ messages: { replyTo?: unknown }[] }>(a, 'history', { room });
    assert.deepEqual(history.ok && history.data.messages.at(-1)?.replyTo, quote);
  });

  it('refuses a reply to a message that does not exist with not_found and stores nothing', async () => {
    const room = '$NOREP';
    const a = await client(`rb${run}`, room);
    const ack = await request(a, 'send_message', {
      room,
      text: 'to nothing',
      clientId: 'n1',
      replyTo: 99,
    });
    assert.equal(!ack.ok && ack.error.code, 'not_found');
    const history = await request<{ messages: unknown[] }>(a, 'history', { room });
    assert.deepEqual(history.ok && history.data.messages, []);
    const bad = await request(a, 'send_message', { room, text: 'x', clientId: 'n2', replyTo: 0 });
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
  });
});
