import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { isStorageFault } from '../../server/store/faults.js';
import { WalSync } from '../../server/store/sqlite/wal-sync.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wal-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('WalSync (a real WAL file on this disk)', () => {
  it('is null for a database without a WAL file', () => {
    assert.equal(WalSync.open(path.join(dir, 'none.db')), null);
  });

  it('answers every caller, coalescing the fsyncs of callers that arrive while one runs', async () => {
    const file = path.join(dir, 'a.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x INTEGER)');
    assert.ok(existsSync(`${file}-wal`));
    const wal = WalSync.open(file);
    assert.ok(wal);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        db.prepare('INSERT INTO t VALUES (?)').run(i);
        return wal.sync().then(() => order.push(i));
      }),
    );
    assert.equal(order.length, 200);
    await wal.close();
    const closed = await wal.sync().then(
      () => null,
      (err: unknown) => err,
    );
    assert.ok(isStorageFault(closed), 'a failed WAL sync answers unavailable, not internal');
    db.close();
  });
});

describe('SqliteStore with the WAL synced off the event loop', () => {
  it('acks appends only once synced, and every acked append is in the file after close', async () => {
    const store = new SqliteStore(dir, 'store.db');
    await store.ensureRoom({ id: '$WAL', kind: 'ticker', name: '$WAL' });
    const appends = Array.from({ length: 50 }, (_, i) =>
      store.appendMessage({
        room: '$WAL',
        sender: { id: 'ann', name: 'Ann', kind: 'user' },
        text: `m${i}`,
        clientId: `c${i}`,
        cashtags: [],
        createdAt: new Date(),
      }),
    );
    const results = await Promise.all(appends);
    assert.deepEqual(
      results.map((r) => r.message.seq).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    await store.close();
    const reopened = new Database(path.join(dir, 'store.db'), { readonly: true });
    const n = reopened.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
    assert.equal(n.n, 50);
    reopened.close();
  });
});

describe('isStorageFault', () => {
  it('counts the file-system errors an fdatasync can end with, and not a wrong path', () => {
    for (const code of ['EIO', 'ENOSPC', 'EDQUOT', 'EROFS', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE'])
      assert.equal(isStorageFault({ code }), true, code);
    for (const code of ['ENOENT', 'EACCES', 'SQLITE_CONSTRAINT_UNIQUE'])
      assert.equal(isStorageFault({ code }), false, code);
  });
});
