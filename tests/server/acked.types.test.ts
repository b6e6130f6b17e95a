import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { createLogger } from '../../server/logger.js';
import { Metrics } from '../../server/metrics.js';
import type { Ack, ClientToServerEvents } from '../../protocol/wire.js';
import type { AdminClientToServerEvents } from '../../protocol/admin.js';
import { schemas } from '../../server/domain/validation.js';
import { ackedFor } from '../../server/realtime/handle.js';

// The compile-time half of this file is checked by `npm run typecheck` (tsconfig
// includes tests/): each `@ts-expect-error` fails the typecheck if the line under
// it ever compiles, i.e. if `acked` stopped tying schemas and results to the protocol.
const ctx = { log: createLogger('silent'), metrics: new Metrics() };
const acked = ackedFor<ClientToServerEvents>(ctx);
const admin = ackedFor<AdminClientToServerEvents>(ctx, 'admin:');
const message = {
  id: 'm1',
  room: '$AAPL',
  seq: 1,
  clientId: 'c1',
  sender: { id: 'u', name: 'U', kind: 'user' as const },
  text: 'hi',
  createdAt: new Date(0).toISOString(),
  cashtags: [],
  mentions: [],
  reactions: [],
  rev: 0,
};

export const typeChecks = [
  acked('send_message', schemas.send_message, () => ({ message })),
  // @ts-expect-error the ack data of send_message is { message }, not a bare Message
  acked('send_message', schemas.send_message, () => message),
  // @ts-expect-error join_chat answers { room, lastSeq, readSeq, memberCount }
  acked('join_chat', schemas.join_chat, async ({ room }) => ({ room })),
  // @ts-expect-error the schema of history does not produce a send_message payload
  acked('send_message', schemas.history, () => ({ message })),
  // @ts-expect-error typing takes no ack, so it cannot be an acknowledged event
  acked('typing', schemas.typing, () => ({})),
  // @ts-expect-error a payload property the protocol does not have
  acked('leave_chat', schemas.leave_chat, ({ rooms }) => ({ room: String(rooms) })),
  // @ts-expect-error the console's disconnect_socket answers { id }
  admin('disconnect_socket', z.object({ id: z.string() }), ({ id }) => ({ socket: id })),
];

/** Calls a listener the way Socket.IO does and resolves with its ack. */
function call(listener: (...args: unknown[]) => void, payload: unknown): Promise<Ack<unknown>> {
  return new Promise((resolve) => listener(payload, resolve));
}

describe('acked', () => {
  it('answers with the handler result when the payload matches its schema', async () => {
    const answer = await call(
      acked('leave_chat', schemas.leave_chat, ({ room }) => ({ room })),
      { room: '$AAPL' },
    );
    assert.deepEqual(answer, { ok: true, data: { room: '$AAPL' } });
  });

  it('answers bad_request, without running the handler, when the payload does not match', async () => {
    let ran = false;
    const answer = await call(
      acked('leave_chat', schemas.leave_chat, ({ room }) => {
        ran = true;
        return { room };
      }),
      { room: '$AAPL', extra: 1 },
    );
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'bad_request');
    assert.equal(ran, false);
  });

  it('counts admin acks under admin:<event>', async () => {
    await call(
      admin(
        'rooms',
        z.unknown().transform(() => ({})),
        () => [],
      ),
      {},
    );
    const text = await ctx.metrics.registry.metrics();
    assert.match(text, /event="admin:rooms",outcome="ok"/);
  });
});
