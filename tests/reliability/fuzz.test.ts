import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { io as connect, type Socket } from 'socket.io-client';
import { spawnServer, token } from './support.js';

const SEED = 20261201;
const RUNS = 10_000;
const root = path.resolve(import.meta.dirname, '../..');

/** The client events of protocol/wire.ts, and whether each takes an ack (read from the source). */
function clientEvents(): { name: string; acked: boolean }[] {
  const source = readFileSync(path.join(root, 'protocol/wire.ts'), 'utf8');
  const body = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s+([a-z_]+): \((.*)\) => void;/gm)].map((m) => ({
    name: m[1]!,
    acked: /ack\??:/.test(m[2]!),
  }));
}

const roomIds = fc.oneof(
  fc.constantFrom('$FUZZ', '$AAPL', 'g:nothere', 'dm:a:b', '$', '', 'g:', '$TOOLONGTICKER'),
  fc.string({ maxLength: 40 }),
);
/** Near-valid payloads (right keys, wrong or edge values) mixed with anything at all. */
const payloads = fc.oneof(
  fc.anything(),
  fc.record(
    {
      room: roomIds,
      text: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)),
      clientId: fc.oneof(fc.string({ maxLength: 70 }), fc.constant(undefined)),
      typing: fc.oneof(fc.boolean(), fc.string()),
      seq: fc.oneof(fc.integer(), fc.double(), fc.constant(-1)),
      beforeSeq: fc.oneof(fc.nat(), fc.constant('x')),
      limit: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constant(null)),
      lastSeq: fc.integer(),
      rooms: fc.array(fc.record({ room: roomIds, lastSeq: fc.integer() }), { maxLength: 5 }),
      messageId: fc.string({ maxLength: 40 }),
      userId: fc.string({ maxLength: 70 }),
      reason: fc.string({ maxLength: 50 }),
      t: fc.oneof(fc.double(), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

async function rss(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes '));
  return Number(line?.split(' ')[1]);
}

describe('property-based fuzzing of every client event (fast-check, seeded)', () => {
  it(`answers ${RUNS} random payloads without a crash, every acked event answered, RSS growth under 30%`, async (t) => {
    const events = clientEvents();
    assert.ok(events.length >= 8, `read ${events.length} events from protocol/wire.ts`);
    const server = await spawnServer({ env: { RATE_LIMIT_MESSAGES: '0' } });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const s = connect(server.url, {
          auth: { token: token(`fuzz${i}`) },
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        sockets.push(s);
      }
      // Warm up, then take the baseline.
      await sockets[0]!.timeout(3000).emitWithAck('join_chat', { room: '$FUZZ' });
      const before = await rss(server.url);
      let answered = 0;
      let unanswered = 0;
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...events),
          payloads,
          fc.nat({ max: 3 }),
          async (event, payload, which) => {
            const socket = sockets[which]!;
            sent++;
            if (!event.acked) {
              socket.emit(event.name, payload);
              return true;
            }
            const answer = (await socket
              .timeout(5000)
              .emitWithAck(event.name, payload)
              .catch(() => null)) as { ok?: boolean; error?: { code?: string } } | null;
            if (answer && typeof answer.ok === 'boolean') answered++;
            else unanswered++;
            return answer !== null && typeof answer.ok === 'boolean';
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200, 'the server is healthy after the fuzzing');
      assert.equal(server.child.exitCode, null, 'no crash');
      assert.ok(
        sockets.every((s) => s.connected),
        'no socket was disconnected for its input',
      );
      const after = await rss(server.url);
      const growth = (after - before) / before;
      t.diagnostic(
        `fuzz: ${sent} payloads over ${events.length} events (seed ${SEED}); ${answered} acked events answered, ` +
          `${unanswered} unanswered; RSS ${(before / 1e6).toFixed(0)} -> ${(after / 1e6).toFixed(0)} MB (${(growth * 100).toFixed(1)}%)`,
      );
      assert.equal(unanswered, 0);
      assert.ok(growth < 0.3, `RSS grew ${(growth * 100).toFixed(1)}%`);
    } finally {
      sockets.forEach((s) => s.close());
      server.child.kill('SIGKILL');
      await server.exited;
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
