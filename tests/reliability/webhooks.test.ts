import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Message } from '../../protocol/wire.js';
import { startReceiver, type Received } from '../support/webhook-receiver.js';
import { sender, sleep, spawnServer, until, type SendLog } from './support.js';

// A production server (spawnServer) refuses a guessable WEBHOOK_SECRET: this one is 32 random bytes.
const SECRET = 'b7e14c09d2a35f68e1c4b90a7d3e25f6c8a1d04e9b72f3a5c6e08d1b4f29a7c3';
const hookEnv = (url: string, extra: Record<string, string> = {}) => ({
  WEBHOOK_URL: url,
  WEBHOOK_SECRET: SECRET,
  RATE_LIMIT_MESSAGES: '0',
  ...extra,
});
const messageOf = (r: Received) => (r.data as { message: Message }).message;

describe('webhooks end to end (real server process, real loopback receiver)', () => {
  it('signs each POST and retries a 500 and a timeout with backoff, keeping the event id and body', async (t) => {
    // 1st attempt of every event: 500; 2nd: no answer (the server times out); 3rd: 200.
    const receiver = await startReceiver(SECRET, ({ attempt }) =>
      attempt === 1 ? 500 : attempt === 2 ? 'hang' : 200,
    );
    const server = await spawnServer({
      env: hookEnv(receiver.url, {
        WEBHOOK_EVENTS: 'message.created',
        WEBHOOK_RETRY_BASE_MS: '400',
        WEBHOOK_TIMEOUT_MS: '1000',
      }),
    });
    const log: SendLog = { acked: new Map(), unacked: new Set() };
    let running = true;
    const s = sender(server.url, 'retry', '$HOOK', log, () => running && log.acked.size < 1);
    try {
      await s.done;
      running = false;
      const sent = [...log.acked.values()][0]!;
      await until(() => receiver.delivered().size === 1, 20_000, 'the delivery after two failures');
      const posts = receiver.received.filter((r) => messageOf(r).id === sent.id);
      assert.deepEqual(
        posts.map((r) => [r.attempt, r.answer]),
        [
          [1, 500],
          [2, 'hang'],
          [3, 200],
        ],
      );
      assert.equal(new Set(posts.map((r) => r.id)).size, 1, 'one event id on every attempt');
      assert.equal(new Set(posts.map((r) => r.body)).size, 1, 'the same bytes on every attempt');
      assert.ok(
        posts.every((r) => r.verified),
        'every attempt carries a valid sha256= HMAC of "timestamp.body"',
      );
      assert.equal(posts[0]!.type, 'message.created');
      assert.equal(messageOf(posts[0]!).seq, sent.seq);
      const gap1 = posts[1]!.at - posts[0]!.at;
      const gap2 = posts[2]!.at - posts[1]!.at;
      // Backoff: 400 ms after the 500; after the timeout (1 s) another 800 ms.
      assert.ok(gap1 >= 350, `first retry after ${gap1} ms (>= 400 ms backoff)`);
      assert.ok(gap2 >= 1000 + 700, `second retry after ${gap2} ms (1 s timeout + 800 ms backoff)`);
      t.diagnostic(`retry gaps: ${gap1} ms after a 500, ${gap2} ms after a timeout`);
    } finally {
      running = false;
      s.socket.close();
      server.child.kill('SIGKILL');
      await server.exited;
      await receiver.close();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });

  it('delivers every acked message after a kill -9 mid-delivery, signed, with unchanged ids', async (t) => {
    // Until the kill nothing is answered: deliveries are in flight when the process dies.
    const receiver = await startReceiver(SECRET, () => 'hang');
    const env = hookEnv(receiver.url, { WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_TIMEOUT_MS: '1000' });
    let server = await spawnServer({ env });
    const { port, dataDir } = server;
    const log: SendLog = { acked: new Map(), unacked: new Set() };
    let running = true;
    const rooms = ['$HOOKA', '$HOOKB', '$HOOKC'];
    const senders = Array.from({ length: 12 }, (_, i) =>
      sender(server.url, `w${i}`, rooms[i % rooms.length]!, log, () => running),
    );
    try {
      await until(
        () => log.acked.size >= 300 && receiver.received.length >= 20,
        30_000,
        '300 acked messages and deliveries in flight',
      );
      const inFlight = new Set(receiver.received.map((r) => r.id));
      server.child.kill('SIGKILL');
      assert.equal(await server.exited, 'SIGKILL');
      const ackedAtKill = log.acked.size;
      receiver.release();
      receiver.behave(() => 200);
      server = await spawnServer({ port, dataDir, env });
      await sleep(1000);
      running = false;
      await Promise.all(senders.map((s) => s.done));
      assert.equal(log.unacked.size, 0, 'every send was acked in the end');

      const acked = [...log.acked.values()];
      const byMessage = () => {
        const m = new Map<string, Received>();
        for (const r of receiver.delivered().values())
          if (r.type === 'message.created') m.set(messageOf(r).id, r);
        return m;
      };
      // The lease of a delivery claimed before the kill ends 3 s after the claim.
      await until(
        () => acked.every((m) => byMessage().has(m.id)),
        60_000,
        'a delivered message.created for every acked message',
      ).catch((err: Error) => {
        const missing = acked.filter((m) => !byMessage().has(m.id)).length;
        throw new Error(`${err.message}: ${missing} of ${acked.length} missing`);
      });
      const delivered = byMessage();
      for (const m of acked) {
        const r = delivered.get(m.id)!;
        assert.ok(r.verified, `signature of ${r.id}`);
        assert.deepEqual(
          [messageOf(r).room, messageOf(r).seq, messageOf(r).clientId],
          [m.room, m.seq, m.clientId],
        );
      }
      const okIds = new Set(receiver.delivered().keys());
      const lostInFlight = [...inFlight].filter((id) => !okIds.has(id));
      assert.deepEqual(
        lostInFlight,
        [],
        'every event in flight at the kill was delivered, same id',
      );
      assert.ok(
        receiver.received.every((r) => r.verified),
        'every POST ever received verified',
      );
      const posts = receiver.received.filter((r) => r.type === 'message.created').length;
      t.diagnostic(
        `kill -9 with ${inFlight.size} deliveries in flight and ${ackedAtKill} messages acked; ` +
          `${acked.length} acked in all, all delivered (${posts} POSTs, at-least-once)`,
      );
    } finally {
      running = false;
      senders.forEach((s) => s.socket.close());
      server.child.kill('SIGKILL');
      await server.exited;
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
