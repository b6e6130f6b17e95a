import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { storeContract } from './store.contract.js';
import { serverApiContract } from './store.server-api.contract.js';
import { storeLimitsContract } from './store.limits.contract.js';
import { moderationContract } from './store.moderation.contract.js';
import { peopleContract } from './store.people.contract.js';

// A real file in a fresh directory: every open() is a new connection to the same database.
const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-store-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Counts statement executions by wrapping better-sqlite3's shared Statement prototype. */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    'all' | 'get' | 'run' | 'iterate',
    (...args: unknown[]) => unknown
  >;
  probe.close();
  let calls = 0;
  const originals = { all: proto.all, get: proto.get, run: proto.run, iterate: proto.iterate };
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    Object.assign(proto, originals);
  }
  return calls;
}

storeContract('sqlite', async () => new SqliteStore(dataDir));
serverApiContract('sqlite', async () => new SqliteStore(dataDir));
storeLimitsContract('sqlite', async () => new SqliteStore(dataDir), { countQueries });
moderationContract('sqlite', async () => new SqliteStore(dataDir));
peopleContract('sqlite', async () => new SqliteStore(dataDir));
