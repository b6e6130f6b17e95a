import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkRoom, roomContents, sender, spawnServer, until, type SendLog } from './support.js';

const SENDERS = 50;
const ROOMS = ['$TERMA', '$TERMB', '$TERMC', '$TERMD', '$TERME'];
const GRACE_MS = 5000;

describe('SIGTERM under load (real process, real sockets)', () => {
  it('acks at least 95% of in-flight sends before exiting in time; the rest are stored once after the retry', async (t) => {
    const env = {
      RATE_LIMIT_MESSAGES: '0',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    };
    let server = await spawnServer({ env });
    const { port, dataDir } = server;
    const log: SendLog = { acked: new Map(), unacked: new Set() };
    let running = true;
    let first = true;
    // Sends made to the first process: acked by it, or left without an ack by it.
    const outcome = { acked: 0, lost: 0 };
    const firstOutcome = new Map<string, 'acked' | 'lost'>();
    const emitted = new Set<string>();
    let inflightAtSignal: string[];
    let shutdownNotices = 0;
    const senders = Array.from({ length: SENDERS }, (_, i) =>
      sender(
        server.url,
        `t${i}`,
        ROOMS[i % ROOMS.length]!,
        log,
        () => running,
        (id, result) => {
          emitted.delete(id);
          if (!first) return;
          outcome[result]++;
          if (!firstOutcome.has(id)) firstOutcome.set(id, result);
        },
        (id) => emitted.add(id),
      ),
    );
    senders.forEach((s) => s.socket.on('server_shutdown', () => shutdownNotices++));
    try {
      await until(() => log.acked.size >= 1000, 30_000, '1000 acked messages');
      inflightAtSignal = [...emitted];
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const code = await server.exited;
      const exitMs = performance.now() - signalled;
      // Let every send that was in flight to the first process settle (ack or timeout).
      await until(() => senders.every((s) => !s.socket.connected), 5000, 'all sockets to drop');
      await new Promise((r) => setTimeout(r, 3500));
      first = false;
      assert.equal(code, 0, `clean exit: ${server.output()}`);
      assert.ok(exitMs < GRACE_MS + 1000, `exited in ${exitMs.toFixed(0)} ms`);
      assert.ok(shutdownNotices >= SENDERS * 0.9, `${shutdownNotices} clients were told why`);

      server = await spawnServer({ port, dataDir, env });
      await new Promise((r) => setTimeout(r, 1000));
      running = false;
      await Promise.all(senders.map((s) => s.done));
      assert.equal(log.unacked.size, 0, 'every send acked after the retry');

      let stored = 0;
      for (const room of ROOMS) {
        const messages = await roomContents(server.url, room);
        const { gapFree, duplicates } = checkRoom(messages);
        assert.ok(gapFree && duplicates === 0, `${room}: gap-free, each clientId once`);
        stored += messages.length;
      }
      assert.equal(stored, log.acked.size);
      const total = outcome.acked + outcome.lost;
      // In flight at the signal: emitted to the first process and not yet answered.
      const inflightAcked = inflightAtSignal.filter(
        (id) => firstOutcome.get(id) === 'acked',
      ).length;
      const inflight = inflightAtSignal.length;
      t.diagnostic(
        `SIGTERM: exit ${code} after ${exitMs.toFixed(0)} ms; ${total} sends to the first process, ` +
          `${inflightAcked}/${inflight} in flight at the signal acked before the exit; ${outcome.lost} sends ` +
          `(in flight when the connections closed) without an ack, ${stored} stored once after the retry; ` +
          `${shutdownNotices}/${SENDERS} clients got server_shutdown`,
      );
      assert.ok(inflight > 0, 'sends were in flight at the signal');
      assert.ok(
        inflightAcked / inflight >= 0.95,
        `${inflightAcked}/${inflight} in-flight sends acked before the exit`,
      );
    } finally {
      running = false;
      senders.forEach((s) => s.socket.close());
      server.child.kill('SIGKILL');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
