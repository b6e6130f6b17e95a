/**
 * Migration 0002: moderation. Messages gain `rev` (existing rows start at their
 * seq), `edited_at`, `deleted_at`, `deleted_by`; rooms gain `last_rev` (= last_seq),
 * `slow_mode_sec`, `read_only`; new tables hold reports, mutes, bans, blocks and
 * the audit log.
 */
export const MODERATION_SCHEMA = `
ALTER TABLE messages ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
UPDATE messages SET rev = seq;
ALTER TABLE messages ADD COLUMN edited_at TEXT;
ALTER TABLE messages ADD COLUMN deleted_at TEXT;
ALTER TABLE messages ADD COLUMN deleted_by TEXT;
ALTER TABLE rooms ADD COLUMN last_rev INTEGER NOT NULL DEFAULT 0;
UPDATE rooms SET last_rev = last_seq;
ALTER TABLE rooms ADD COLUMN slow_mode_sec INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
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
