import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  checkRoom,
  follower,
  roomContents,
  sender,
  sleep,
  spawnServer,
  until,
  type SendLog,
} from './support.js';

const SENDERS = 50;
const ROOMS = ['$KILLA', '$KILLB', '$KILLC', '$KILLD', '$KILLE'];

describe('kill -9 under 50 senders, then restart (real process, real sockets)', () => {
  it('stores every acked message once, keeps each room gap-free, and every client ends with all', async (t) => {
    let server = await spawnServer({ env: { RATE_LIMIT_MESSAGES: '0' } });
    const { port, dataDir } = server;
    const log: SendLog = { acked: new Map(), unacked: new Set() };
    let running = true;
    const followers = ROOMS.map((room, i) => follower(server.url, `watch${i}`, [room]));
    const senders = Array.from({ length: SENDERS }, (_, i) =>
      sender(server.url, `k${i}`, ROOMS[i % ROOMS.length]!, log, () => running),
    );
    try {
      await until(() => log.acked.size >= 1500, 30_000, '1500 acked messages');
      const ackedBeforeKill = log.acked.size;
      server.child.kill('SIGKILL');
      assert.equal(await server.exited, 'SIGKILL');
      server = await spawnServer({ port, dataDir, env: { RATE_LIMIT_MESSAGES: '0' } });
      await sleep(1500);
      running = false;
      await Promise.all(senders.map((s) => s.done));
      assert.equal(log.unacked.size, 0, 'every send was acked in the end (retries included)');

      let stored = 0;
      for (const room of ROOMS) {
        const messages = await roomContents(server.url, room);
        const { gapFree, duplicates } = checkRoom(messages);
        assert.ok(gapFree, `${room} seqs are 1..${messages.length}`);
        assert.equal(duplicates, 0, `${room} holds each clientId once`);
        stored += messages.length;
        const byClientId = new Map(messages.map((m) => [m.clientId, m]));
        for (const [clientId, m] of log.acked)
          if (m.room === room) assert.equal(byClientId.get(clientId)?.id, m.id, clientId);
        const f = followers[ROOMS.indexOf(room)]!;
        await until(
          () => f.held.get(room)!.size === messages.length,
          20_000,
          `${room} follower`,
        ).catch((err: Error) => {
          const missing = messages.filter((m) => !f.held.get(room)!.has(m.seq)).map((m) => m.seq);
          const max = Math.max(...f.held.get(room)!.keys());
          throw new Error(
            `${err.message}: missing ${missing.join(',')} (holds up to ${max}, connects ${f.connects()})`,
          );
        });
      }
      assert.equal(stored, log.acked.size, 'nothing stored that was not acked, nothing lost');
      t.diagnostic(
        `kill -9: ${ackedBeforeKill} acked before the kill, ${log.acked.size} in all, ${stored} stored, 0 duplicates, gap-free`,
      );
    } finally {
      running = false;
      senders.forEach((s) => s.socket.close());
      followers.forEach((f) => f.close());
      server.child.kill('SIGKILL');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
