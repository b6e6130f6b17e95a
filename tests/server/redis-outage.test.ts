import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import type { Message, SendMessageData } from '../../protocol/wire.js';
import { withCluster } from '../support/fixtures.js';
import { nextEvent, request, type TestServer } from '../support/server.js';

const ROOM = '$OUTAGE';

/**
 * A client following the documented protocol: on every (re)connect it joins and
 * `sync`s from the last seq it holds, and it keeps every message it sees.
 */
function follower(url: string, token: string) {
  const seen = new Map<number, Message>();
  const socket: Socket = connect(url, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  let connects = 0;
  socket.on('new_message', (m: Message) => seen.set(m.seq, m));
  socket.on('connect', () => {
    connects++;
    void (async () => {
      await socket.timeout(3000).emitWithAck('join_chat', { room: ROOM });
      const lastSeq = Math.max(0, ...seen.keys());
      const page = (await socket
        .timeout(3000)
        .emitWithAck('sync', { rooms: [{ room: ROOM, lastSeq }] })) as {
        ok: boolean;
        data?: { messages: Message[] };
      };
      for (const m of page.data?.messages ?? []) seen.set(m.seq, m);
    })().catch(() => undefined);
  });
  return {
    socket,
    seen,
    connects: () => connects,
    ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
  };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a Redis outage under two nodes (real redis-server stopped and restarted)', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  // Rate limiting on, as in production: its counter lives in Redis.
  const cluster = withCluster({ RATE_LIMIT_MESSAGES: '50' });
  const [one, two] = cluster.nodes as [TestServer, TestServer];

  it('keeps serving local sockets during the outage and recovers cross-node delivery after it', async () => {
    const sender = await one.client(await one.token('north'));
    const local = await one.client(await one.token('local'));
    const far = follower(two.url, await two.token('south'));
    await far.ready;
    await request(sender, 'join_chat', { room: ROOM });
    await request(local, 'join_chat', { room: ROOM });
    await until(() => far.connects() === 1, 2000, 'the far client to join');
    await new Promise((r) => setTimeout(r, 200));

    await cluster.redis.stop();
    // Typing and sends during the outage: acked within 1 s, delivered on this node.
    sender.emit('typing', { room: ROOM, typing: true });
    const during: Message[] = [];
    for (let i = 0; i < 5; i++) {
      const delivered = nextEvent<Message>(local, 'new_message', (m) => m.clientId === `out-${i}`);
      const started = performance.now();
      const ack = await request<SendMessageData>(sender, 'send_message', {
        room: ROOM,
        text: `during ${i}`,
        clientId: `out-${i}`,
      });
      const ms = performance.now() - started;
      assert.ok(ack.ok, `send ${i} acked: ${JSON.stringify(ack)}`);
      assert.ok(ms < 1000, `send ${i} acked in ${ms.toFixed(0)} ms`);
      during.push(await delivered);
    }
    // Past the ~6 s after which a queued PUBLISH used to time out and kill the process.
    await new Promise((r) => setTimeout(r, 7000));
    sender.emit('typing', { room: ROOM, typing: false });
    const late = await request<SendMessageData>(sender, 'send_message', {
      room: ROOM,
      text: 'late in the outage',
      clientId: 'out-late',
    });
    assert.ok(late.ok);
    during.push(late.data.message);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');

    await cluster.redis.restart();
    // The far client missed those messages; the recovery sends it through reconnect + sync.
    await until(
      () => during.every((m) => far.seen.get(m.seq)?.id === m.id),
      15_000,
      'the far client to receive every outage message',
    );
    assert.ok(far.connects() >= 2, 'the far client reconnected');

    // And live cross-node delivery works again (the old sockets were sent to resync: a new one).
    await until(() => sender.disconnected, 5000, 'the sender to be sent to resync');
    const again = await one.client(await one.token('north'));
    await request(again, 'join_chat', { room: ROOM });
    const after = await request<SendMessageData>(again, 'send_message', {
      room: ROOM,
      text: 'after',
      clientId: 'after-1',
    });
    assert.ok(after.ok);
    await until(() => far.seen.has(after.data.message.seq), 5000, 'live delivery after recovery');
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    far.socket.close();
  });
});
