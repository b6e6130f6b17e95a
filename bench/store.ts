/**
 * Store: persisted messages under the fan-out load (counted in the SQLite file
 * after the run), and `history`/`sync` on a room of 1,000,000 messages, timed
 * through the store port and over the socket against the running server.
 */
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import { openStore } from '../server/store/index.js';
import { LoadPool } from './load-pool.js';
import type { BenchOptions } from './options.js';
import type { QuerySpec } from './protocol.js';
import { BENCH_JWT_SECRET, startServer } from './servers.js';
import { summarize, type LatencySummary } from './stats.js';

/** The SQLite file the server writes under DATA_DIR (server/store/sqlite/sqlite-store.ts). */
export const SQLITE_FILE = 'stock-chat.db';

/** Counts the rows of the bench rooms and their stored `lastSeq`, after the server has stopped. */
export function countStoredMessages(
  dataDir: string,
  roomPrefix: string,
): { rows: number; lastSeqSum: number } {
  const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const like = `${roomPrefix}%`;
    const rows = (
      db.prepare('SELECT count(*) AS n FROM messages WHERE room LIKE ?').get(like) as { n: number }
    ).n;
    const lastSeqSum = (
      db.prepare('SELECT coalesce(sum(last_seq), 0) AS n FROM rooms WHERE id LIKE ?').get(like) as {
        n: number;
      }
    ).n;
    return { rows, lastSeqSum };
  } finally {
    db.close();
  }
}

export interface QueryTiming {
  label: string;
  via: 'store' | 'socket';
  returned: number;
  errors: string[];
  timing: LatencySummary;
}

export interface BigRoomResult {
  messages: number;
  seedSeconds: number;
  seededPerSec: number;
  queries: QueryTiming[];
}

const BIG_ROOM = '$BIG';
const SENDER = { id: 'bench-seeder', name: 'Seeder' };

/**
 * Seeds the big room through the store port (`appendMessage`), in bursts the
 * adapter groups into one transaction each, then closes the store.
 */
async function seed(dataDir: string, count: number): Promise<number> {
  const store = await openStore({ dataDir });
  const started = performance.now();
  try {
    await store.upsertUser(SENDER);
    await store.ensureRoom({ id: BIG_ROOM, kind: 'ticker', name: BIG_ROOM });
    const burst = 5_000;
    const createdAt = new Date();
    for (let i = 0; i < count; i += burst) {
      const n = Math.min(burst, count - i);
      await Promise.all(
        Array.from({ length: n }, (_, j) =>
          store.appendMessage({
            room: BIG_ROOM,
            clientId: `seed-${i + j}`,
            sender: SENDER,
            text: `Seed message ${i + j} about $BIG and the market, long enough to look like chat.`,
            cashtags: ['$BIG'],
            createdAt,
          }),
        ),
      );
      if ((i / burst) % 40 === 0) process.stdout.write(`\r  seeding ${i + n}/${count}`);
    }
    process.stdout.write('\n');
  } finally {
    await store.close();
  }
  return (performance.now() - started) / 1000;
}

function queries(count: number, limit: number): QuerySpec[] {
  const mid = Math.floor(count / 2);
  return [
    { label: 'history, newest page', event: 'history', payload: { room: BIG_ROOM, limit } },
    {
      label: `history before seq ${mid}`,
      event: 'history',
      payload: { room: BIG_ROOM, beforeSeq: mid, limit },
    },
    {
      label: `sync after seq ${count - limit}`,
      event: 'sync',
      payload: { rooms: [{ room: BIG_ROOM, lastSeq: count - limit }], limit },
    },
    {
      label: `sync after seq ${mid}`,
      event: 'sync',
      payload: { rooms: [{ room: BIG_ROOM, lastSeq: mid }], limit },
    },
    {
      label: 'sync after seq 0',
      event: 'sync',
      payload: { rooms: [{ room: BIG_ROOM, lastSeq: 0 }], limit },
    },
  ];
}

async function timeThroughStore(
  dataDir: string,
  specs: QuerySpec[],
  repeat: number,
): Promise<QueryTiming[]> {
  const store = await openStore({ dataDir });
  const out: QueryTiming[] = [];
  try {
    for (const q of specs) {
      const p = q.payload as {
        room?: string;
        beforeSeq?: number;
        limit: number;
        rooms?: { lastSeq: number }[];
      };
      const times: number[] = [];
      let returned = 0;
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        const page =
          q.event === 'history'
            ? await store.history(BIG_ROOM, p.beforeSeq, p.limit)
            : await store.since(BIG_ROOM, p.rooms?.[0]?.lastSeq ?? 0, p.limit);
        times.push(performance.now() - t0);
        returned = page.messages.length;
      }
      out.push({ label: q.label, via: 'store', returned, errors: [], timing: summarize(times) });
    }
  } finally {
    await store.close();
  }
  return out;
}

/** Seeds a fresh data directory, then times the queries through the store and over the socket. */
export async function benchBigRoom(opts: BenchOptions): Promise<BigRoomResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stock-chat-bigroom-'));
  try {
    const seedSeconds = await seed(dataDir, opts.storeMessages);
    const specs = queries(opts.storeMessages, 50);
    const viaStore = await timeThroughStore(dataDir, specs, opts.storeRepeat);
    const server = await startServer('stock-chat', { dataDir });
    const pool = new LoadPool(1);
    try {
      await pool.connect(server.url, BENCH_JWT_SECRET, [{ user: 'bench-reader', room: BIG_ROOM }]);
      await pool.query(specs, 3); // warm the server's statements and the page cache
      const viaSocket = (await pool.query(specs, opts.storeRepeat)).map((r): QueryTiming => ({
        label: r.label,
        via: 'socket',
        returned: r.count,
        errors: r.errors,
        timing: summarize(r.timesMs),
      }));
      return {
        messages: opts.storeMessages,
        seedSeconds,
        seededPerSec: opts.storeMessages / seedSeconds,
        queries: [...viaStore, ...viaSocket],
      };
    } finally {
      await pool.close();
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
