import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesPage, SendMessageData } from '../../protocol/wire.js';
import { request } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

describe('a restart on the same data dir', () => {
  it('keeps history, sync, seqs and idempotency', async () => {
    const token = await server.token('keeper');
    let socket = await server.client(token);
    const sent: SendMessageData[] = [];
    for (let i = 1; i <= 5; i++) {
      const ack = await request<SendMessageData>(socket, 'send_message', {
        room: '$KEEP',
        text: `before ${i}`,
        clientId: `k${i}`,
      });
      assert.ok(ack.ok);
      sent.push(ack.data);
    }

    await server.restart();
    socket = await server.client(token);

    const history = await request<MessagesPage>(socket, 'history', { room: '$KEEP' });
    assert.ok(history.ok);
    assert.deepEqual(
      history.data.messages,
      sent.map((s) => s.message),
    );

    const sync = await request<MessagesPage>(socket, 'sync', {
      rooms: [{ room: '$KEEP', lastSeq: 3 }],
    });
    assert.ok(sync.ok);
    assert.deepEqual(
      sync.data.messages.map((m) => m.text),
      ['before 4', 'before 5'],
    );

    const retried = await request<SendMessageData>(socket, 'send_message', {
      room: '$KEEP',
      text: 'before 5',
      clientId: 'k5',
    });
    assert.ok(retried.ok);
    assert.deepEqual(
      retried.data.message,
      sent[4]!.message,
      'a retry after the restart is still the original',
    );

    const next = await request<SendMessageData>(socket, 'send_message', {
      room: '$KEEP',
      text: 'after',
      clientId: 'k6',
    });
    assert.equal(next.ok && next.data.message.seq, 6);
  });
});
