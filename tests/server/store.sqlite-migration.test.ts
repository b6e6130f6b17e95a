import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BASELINE_SCHEMA } from '../../server/store/sqlite/schema.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-migrate-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SqliteStore on a database written before moderation', () => {
  it('adds the new columns and tables, and gives old messages rev = seq', async () => {
    const db = new Database(path.join(dataDir, 'stock-chat.db'));
    db.exec(BASELINE_SCHEMA);
    db.prepare(
      "INSERT INTO rooms (id, kind, name, created_at, last_seq) VALUES ('$OLD', 'ticker', '$OLD', '2024-01-01T00:00:00.000Z', 2)",
    ).run();
    const insert = db.prepare(
      `INSERT INTO messages (room, seq, id, client_id, sender_id, sender_name, text, cashtags, created_at)
       VALUES ('$OLD', ?, ?, ?, 'ada', 'Ada', 'old text', '[]', '2024-01-01T00:00:00.000Z')`,
    );
    insert.run(1, 'm1', 'c1');
    insert.run(2, 'm2', 'c2');
    db.close();

    const store = new SqliteStore(dataDir);
    try {
      const room = await store.getRoom('$OLD');
      assert.deepEqual(
        [room?.lastSeq, room?.lastRev, room?.slowModeSec, room?.readOnly],
        [2, 2, 0, false],
      );
      const page = await store.history('$OLD', undefined, 10);
      assert.deepEqual(
        page.messages.map((m) => [m.seq, m.rev, m.text]),
        [
          [1, 1, 'old text'],
          [2, 2, 'old text'],
        ],
      );
      const deleted = await store.deleteMessage('$OLD', 1, 'sender', new Date());
      assert.equal(deleted?.rev, 3);
      assert.deepEqual(await store.moderation.blockedBy('ada'), []);
    } finally {
      await store.close();
    }
    // Opening again runs the migration again, and it changes nothing.
    const again = new SqliteStore(dataDir);
    assert.equal((await again.getRoom('$OLD'))?.lastRev, 3);
    await again.close();
  });
});
