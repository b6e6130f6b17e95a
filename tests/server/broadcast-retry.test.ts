import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import { derivedBroadcastIds } from '../../server/domain/broadcast-id.js';
import type { Message } from '../../protocol/wire.js';
import { withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';

type Broadcast = { clientId: string; created: number; messages: Message[] };

describe('POST /api/server/broadcast retried', () => {
  const server = withServer();
  let key = '';
  const desk = { id: 'desk', name: 'Desk', kind: 'system' as const };
  const deskKey = async () =>
    (key ||= (await new ApiKeys(server.store).create('desk', ['publish'])).key);
  const broadcast = async (body: Record<string, unknown>) => {
    const res = await api<Broadcast>(server.url, 'POST', '/api/server/broadcast', await deskKey(), {
      sender: desk,
      ...body,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const lastSeq = async (room: string) => (await server.store.getRoom(room))?.lastSeq ?? 0;

  it('stores nothing new for a retry with the same clientId and answers the originals', async () => {
    const body = { rooms: ['$RA', '$RB'], text: 'Halted', clientId: 'halt-1' };
    const first = await broadcast(body);
    assert.equal(first.created, 2);
    assert.equal(first.clientId, 'halt-1');
    const retry = await broadcast(body);
    assert.equal(retry.created, 0);
    assert.deepEqual(retry.messages, first.messages);
    assert.deepEqual([await lastSeq('$RA'), await lastSeq('$RB')], [1, 1]);
    // A retry that names one more room posts only there.
    const wider = await broadcast({ ...body, rooms: ['$RA', '$RB', '$RC'] });
    assert.equal(wider.created, 1);
    assert.deepEqual([await lastSeq('$RA'), await lastSeq('$RC')], [1, 1]);
  });

  it('without a clientId, treats the same broadcast again (a retry) as one, and other text as new', async () => {
    const body = { rooms: ['$SA', '$SB'], text: 'Markets close at 1 pm' };
    const first = await broadcast(body);
    assert.equal(first.created, 2);
    assert.match(first.clientId, /^bc-/);
    // Same rooms in another order and spelling: the same broadcast.
    const retry = await broadcast({ ...body, rooms: ['$sb', '$SA'] });
    assert.equal(retry.created, 0);
    assert.deepEqual(
      retry.messages.map((m) => m.id).sort(),
      first.messages.map((m) => m.id).sort(),
    );
    const other = await broadcast({ ...body, text: 'Markets close at 2 pm' });
    assert.equal(other.created, 2);
    assert.deepEqual([await lastSeq('$SA'), await lastSeq('$SB')], [2, 2]);
  });

  it('without a clientId, a retry just after a 10-minute window boundary finds the earlier window’s messages', async () => {
    const { previous } = derivedBroadcastIds(desk.id, ['$WA'], 'Index rebalanced');
    // The first call, stored in the previous window (as if made a few minutes ago).
    const before = await api<{ message: Message }>(
      server.url,
      'POST',
      '/api/server/messages',
      await deskKey(),
      {
        room: '$WA',
        text: 'Index rebalanced',
        clientId: previous,
        sender: desk,
      },
    );
    assert.equal(before.status, 201);
    const retry = await broadcast({ rooms: ['$WA'], text: 'Index rebalanced' });
    assert.deepEqual([retry.created, retry.clientId], [0, previous]);
    assert.equal(retry.messages[0].id, before.body.message.id);
    assert.equal(await lastSeq('$WA'), 1);
  });
});
