import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { MessagesPage, SendMessageData } from '../../protocol/wire.js';
import { migrate, SchemaTooNewError } from '../../server/store/sqlite/migrate.js';
import { MIGRATIONS, type Migration } from '../../server/store/sqlite/migrations.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { withTempDirs } from '../support/fixtures.js';
import { request, startServer } from '../support/server.js';

const OLD_SCHEMA = readFileSync(
  path.join(import.meta.dirname, 'fixtures/sqlite-0.1.0.sql'),
  'utf8',
);
const dirs = withTempDirs('stock-chat-migrate-');
const tempDir = () => dirs.make();

/** A database file exactly as stock-chat 0.1.0 left it: old layout, data, no migrations table. */
function oldDatabase(dir: string): string {
  const file = path.join(dir, 'stock-chat.db');
  const db = new Database(file);
  db.exec(OLD_SCHEMA);
  const at = '2026-01-02T03:04:05.000Z';
  db.prepare('INSERT INTO users VALUES (?, ?, NULL, NULL, ?)').run('old-user', 'Old User', at);
  db.prepare("INSERT INTO rooms VALUES ('$OLD', 'ticker', '$OLD', NULL, ?, 2, ?)").run(at, at);
  db.prepare("INSERT INTO members VALUES ('$OLD', 'old-user', 2, ?)").run(at);
  const insert = db.prepare(
    "INSERT INTO messages VALUES ('$OLD', ?, ?, ?, 'old-user', 'Old User', ?, '[\"$OLD\"]', ?)",
  );
  insert.run(1, 'm-1', 'c-1', 'first from 0.1.0', at);
  insert.run(2, 'm-2', 'c-2', 'second from 0.1.0', at);
  db.close();
  return file;
}

const appliedNames = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>('SELECT name FROM schema_migrations ORDER BY rowid')
    .all()
    .map((r) => r.name);

describe('SQLite schema migrations', () => {
  it('upgrades a database file of the oldest layout on start, keeping its history', async () => {
    const dir = tempDir();
    const file = oldDatabase(dir);
    const server = await startServer({ DATA_DIR: dir });
    try {
      const socket = await server.client(await server.token('old-user', { name: 'Old User' }));
      const history = await request<MessagesPage>(socket, 'history', { room: '$OLD' });
      assert.ok(history.ok);
      assert.deepEqual(
        history.data.messages.map((m) => [m.seq, m.text]),
        [
          [1, 'first from 0.1.0'],
          [2, 'second from 0.1.0'],
        ],
      );
      const sent = await request<SendMessageData>(socket, 'send_message', {
        room: '$OLD',
        text: 'after the upgrade',
        clientId: 'c-3',
      });
      assert.ok(sent.ok);
      assert.equal(sent.data.message.seq, 3, 'the upgraded file keeps its sequence');
    } finally {
      await server.close();
    }
    const db = new Database(file, { readonly: true });
    assert.deepEqual(
      appliedNames(db),
      MIGRATIONS.map((m) => m.name),
    );
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    db.close();
  });

  it('applies a new migration once, on top of existing data', () => {
    const dir = tempDir();
    const db = new Database(oldDatabase(dir));
    const next: Migration[] = [
      ...MIGRATIONS,
      {
        name: 'test-message-example',
        up: 'ALTER TABLE messages ADD COLUMN example INTEGER NOT NULL DEFAULT 0',
      },
      {
        name: 'test-backfill',
        up: (d) => d.prepare("UPDATE messages SET example = seq * 10 WHERE room = '$OLD'").run(),
      },
    ];
    assert.deepEqual(
      migrate(db, next).applied,
      next.map((m) => m.name),
    );
    const again = migrate(db, next);
    assert.deepEqual(again, { applied: [], version: next.length });
    const rows = db
      .prepare<[], { example: number }>('SELECT example FROM messages ORDER BY seq')
      .all();
    assert.deepEqual(
      rows.map((r) => r.example),
      [10, 20],
      'the back-fill ran exactly once',
    );
    db.close();
  });

  it('rolls a failing upgrade back completely, leaving the file as it was', () => {
    const db = new Database(oldDatabase(tempDir()));
    migrate(db);
    const broken: Migration[] = [
      ...MIGRATIONS,
      { name: 'test-add-column', up: 'ALTER TABLE users ADD COLUMN bio TEXT' },
      { name: 'test-broken', up: 'ALTER TABLE no_such_table ADD COLUMN x TEXT' },
    ];
    assert.throws(() => migrate(db, broken), /no such table/);
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(users)').all();
    assert.ok(!columns.some((c) => c.name === 'bio'), 'the step before the failure was undone');
    assert.deepEqual(
      appliedNames(db),
      MIGRATIONS.map((m) => m.name),
    );
    db.close();
  });

  it('refuses to start on a file migrated by a newer release, and changes nothing', () => {
    const dir = tempDir();
    const db = new Database(oldDatabase(dir));
    migrate(db, [...MIGRATIONS, { name: 'from-the-future', up: 'CREATE TABLE future (x TEXT)' }]);
    db.close();
    assert.throws(
      () => new SqliteStore(dir),
      (err: unknown) =>
        err instanceof SchemaTooNewError &&
        /from-the-future/.test(err.message) &&
        /newer/.test(err.message),
    );
    const check = new Database(path.join(dir, 'stock-chat.db'), { readonly: true });
    assert.ok(appliedNames(check).includes('from-the-future'));
    check.close();
  });

  it('rejects a list with a duplicate name before touching the file', () => {
    const db = new Database(':memory:');
    assert.throws(() => migrate(db, [...MIGRATIONS, MIGRATIONS[0]!]), /duplicate migration name/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    assert.deepEqual(tables, []);
    db.close();
  });
});
