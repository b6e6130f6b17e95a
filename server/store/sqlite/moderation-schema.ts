import type Database from 'better-sqlite3';

/** Columns moderation adds to tables of the first schema: table, column, definition, backfill. */
const COLUMNS: [string, string, string, string?][] = [
  ['messages', 'rev', 'INTEGER NOT NULL DEFAULT 0', 'UPDATE messages SET rev = seq'],
  ['messages', 'edited_at', 'TEXT'],
  ['messages', 'deleted_at', 'TEXT'],
  ['messages', 'deleted_by', 'TEXT'],
  ['rooms', 'last_rev', 'INTEGER NOT NULL DEFAULT 0', 'UPDATE rooms SET last_rev = last_seq'],
  ['rooms', 'slow_mode_sec', 'INTEGER NOT NULL DEFAULT 0'],
  ['rooms', 'read_only', 'INTEGER NOT NULL DEFAULT 0'],
];

/** The tables moderation adds; idempotent. */
const TABLES = `
CREATE INDEX IF NOT EXISTS messages_rev ON messages (room, rev);
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY,
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sender_id TEXT NOT NULL,
  reporter TEXT NOT NULL,
  reason TEXT NOT NULL,
  note TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS reports_once ON reports (room, seq, reporter);
CREATE INDEX IF NOT EXISTS reports_status ON reports (status, created_at);
CREATE INDEX IF NOT EXISTS reports_sender ON reports (sender_id, room, created_at);
CREATE TABLE IF NOT EXISTS mutes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  room TEXT,
  until TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mutes_until ON mutes (until);
CREATE TABLE IF NOT EXISTS bans (
  user_id TEXT PRIMARY KEY,
  until TEXT,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blocks (
  blocker TEXT NOT NULL,
  blocked TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (blocker, blocked)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL
);
`;

/**
 * Brings a database of the first schema up to moderation's: new columns (with
 * existing rows backfilled: a message's rev starts at its seq) and new tables.
 */
export function migrateModeration(db: Database.Database): void {
  db.transaction(() => {
    for (const [table, column, definition, backfill] of COLUMNS) {
      const present = db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .some((c) => c.name === column);
      if (present) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
      if (backfill) db.exec(backfill);
    }
    db.exec(TABLES);
  }).immediate();
}
