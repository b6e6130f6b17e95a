import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, PresenceEvent, SendMessageData } from '../../protocol/wire.js';
import { withCluster } from '../support/fixtures.js';
import { nextEvent, request, type TestServer } from '../support/server.js';

describe('two server processes sharing Redis (REDIS_URL)', () => {
  const [one, two] = withCluster({ RATE_LIMIT_MESSAGES: '3' }).nodes as [TestServer, TestServer];

  it('delivers a message sent through one server to subscribers on the other', async () => {
    const a = await one.client(await one.token('north'));
    const b = await two.client(await two.token('south'));
    await request(a, 'join_chat', { room: '$SCALE' });
    await request(b, 'join_chat', { room: '$SCALE' });
    const received = nextEvent<Message>(b, 'new_message');
    const ack = await request<SendMessageData>(a, 'send_message', {
      room: '$SCALE',
      text: 'across',
      clientId: 'x1',
    });
    assert.ok(ack.ok);
    assert.deepEqual(await received, ack.data.message);
  });

  it('counts presence across servers: offline only when the last tab anywhere closes', async () => {
    const token = await one.token('roam', { friends: ['watch'] });
    const watcher = await two.client(await two.token('watch'));
    const online = nextEvent<PresenceEvent>(
      watcher,
      'presence',
      (e) => e.user.id === 'roam' && e.status === 'online',
    );
    const tabOne = await one.client(token);
    await online;
    const tabTwo = await two.client(token);
    const offline = nextEvent<PresenceEvent>(
      watcher,
      'presence',
      (e) => e.status === 'offline',
      1500,
    );
    tabOne.close();
    await assert.rejects(offline, /no presence/, 'still online through the other server');
    const finallyOffline = nextEvent<PresenceEvent>(
      watcher,
      'presence',
      (e) => e.status === 'offline',
    );
    tabTwo.close();
    assert.equal((await finallyOffline).user.id, 'roam');
  });

  it('counts the rate limit in Redis, across servers', async () => {
    const token = await one.token('busy');
    const [a, b] = await Promise.all([one.client(token), two.client(token)]);
    const codes: string[] = [];
    for (const [i, socket] of [a, b, a, b].entries()) {
      const ack = await request(socket, 'send_message', {
        room: '$RATE',
        text: `r${i}`,
        clientId: `r${i}`,
      });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    assert.deepEqual(codes, ['ok', 'ok', 'ok', 'rate_limited']);
  });
});
