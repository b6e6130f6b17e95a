import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Message } from '../../protocol/wire.js';
import { startRedis } from '../support/redis.js';
import { follower, sleep, spawnServer, token, until } from './support.js';
import { io as connect } from 'socket.io-client';

const ROOM = '$REDIS';

describe('Redis stopped for 10 s under two nodes (real processes, real redis-server)', () => {
  it('no node crashes, local sends are acked within 1 s, and the other node’s clients get every message', async (t) => {
    const redis = await startRedis();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-rel-redis-'));
    const env = { REDIS_URL: redis.url, RATE_LIMIT_MESSAGES: '100' };
    const one = await spawnServer({ dataDir, env });
    const two = await spawnServer({ dataDir, env });
    const far = follower(two.url, 'far', [ROOM]);
    const sock = connect(one.url, {
      auth: { token: token('near') },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
    });
    const acked: Message[] = [];
    const slow: number[] = [];
    try {
      await new Promise<void>((r) => sock.once('connect', () => r()));
      await sock.timeout(3000).emitWithAck('join_chat', { room: ROOM });
      await until(() => far.connects() === 1, 5000, 'the far client');
      await sleep(300);
      const send = async (clientId: string) => {
        const started = performance.now();
        const ack = (await sock
          .timeout(3000)
          .emitWithAck('send_message', { room: ROOM, text: clientId, clientId })) as {
          ok: boolean;
          data?: { message: Message };
        };
        const ms = performance.now() - started;
        assert.ok(ack.ok && ack.data, `${clientId} acked`);
        acked.push(ack.data.message);
        return ms;
      };
      for (let i = 0; i < 5; i++) await send(`before-${i}`);

      await redis.stop();
      const outageStart = Date.now();
      let i = 0;
      while (Date.now() - outageStart < 10_000) {
        sock.emit('typing', { room: ROOM, typing: i % 2 === 0 });
        slow.push(await send(`during-${i++}`));
        await sleep(200);
      }
      assert.equal(one.child.exitCode, null, 'node one is alive');
      assert.equal(two.child.exitCode, null, 'node two is alive');
      const worst = Math.max(...slow);
      assert.ok(worst < 1000, `every local send acked within 1 s (worst ${worst.toFixed(0)} ms)`);

      await redis.restart();
      await until(
        () => acked.every((m) => far.held.get(ROOM)!.get(m.seq)?.id === m.id),
        20_000,
        'the far node’s client to hold every message',
      );
      // The near socket was sent to resync too; once back, live delivery crosses nodes again.
      await until(() => sock.connected, 10_000, 'the near socket to reconnect');
      await sleep(500);
      await sock.timeout(3000).emitWithAck('join_chat', { room: ROOM });
      await send('after-0');
      const last = acked.at(-1)!;
      await until(() => far.held.get(ROOM)!.has(last.seq), 5000, 'live delivery after recovery');
      assert.equal(one.child.exitCode, null);
      assert.equal(two.child.exitCode, null);
      t.diagnostic(
        `Redis outage 10 s: ${slow.length} local sends, worst ack ${worst.toFixed(0)} ms; ` +
          `${acked.length} messages all held by the other node's client; far client connects: ${far.connects()}`,
      );
    } finally {
      sock.close();
      far.close();
      for (const s of [one, two]) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
