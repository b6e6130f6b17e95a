import type Database from 'better-sqlite3';
import { MODERATION_SCHEMA } from './moderation-schema.js';
import { BASELINE_SCHEMA } from './schema.js';
import { REACTIONS_SCHEMA } from './reactions.repo.js';
import { SERVER_API_SCHEMA } from './server-api.schema.js';

/**
 * One step of the SQLite schema. `up` is SQL (several statements allowed) or a
 * function for data back-fills; either runs inside the migration transaction, so
 * it must not open a transaction of its own.
 */
export interface Migration {
  /** Unique and stable forever: it is what the database records as applied. */
  name: string;
  up: string | ((db: Database.Database) => void);
}

/**
 * The SQLite schema history, applied in order on every start (see migrate.ts).
 *
 * HOW TO CHANGE THE SCHEMA: append ONE entry at the end of this list, e.g.
 *
 *   { name: '0002-message-rev', up: 'ALTER TABLE messages ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;' },
 *
 * Never edit, reorder or remove an entry that has landed on main: databases in the
 * field have recorded it as applied. A new NOT NULL column needs a DEFAULT (SQLite
 * cannot add one otherwise); new tables and indexes are plain CREATE statements.
 * Give the MongoDB adapter the same change in server/store/mongo/migrations.ts
 * (indexes there are synced from the mongoose schemas by themselves).
 * `tests/server/migrations.test.ts` upgrades a database of the oldest layout
 * through the whole list on every run.
 */
export const MIGRATIONS: readonly Migration[] = [
  { name: '0001-baseline', up: BASELINE_SCHEMA },
  { name: '0002-moderation', up: MODERATION_SCHEMA },
  {
    // One pending friend request per pair of users (either direction): duplicates an old
    // race left behind are dropped (the oldest is kept) before the index can hold.
    name: '0003-hardening',
    up: `DELETE FROM friend_requests WHERE status = 'pending' AND EXISTS (
           SELECT 1 FROM friend_requests o WHERE o.status = 'pending'
           AND min(o.from_id, o.to_id) = min(friend_requests.from_id, friend_requests.to_id)
           AND max(o.from_id, o.to_id) = max(friend_requests.from_id, friend_requests.to_id)
           AND (o.created_at < friend_requests.created_at
                OR (o.created_at = friend_requests.created_at AND o.id < friend_requests.id)));
         CREATE UNIQUE INDEX IF NOT EXISTS friend_requests_pending
           ON friend_requests (min(from_id, to_id), max(from_id, to_id)) WHERE status = 'pending';
         CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);`,
  },
  { name: '0004-server-api', up: SERVER_API_SCHEMA },
  {
    // A member's own mute of a room (issue 11): no unread growth, no notification.
    name: '0005-room-mute',
    up: 'ALTER TABLE members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;',
  },
  {
    name: '0006-message-mentions-reply',
    up: `ALTER TABLE messages ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
         ALTER TABLE messages ADD COLUMN reply_to TEXT;`,
  },
  { name: '0007-message-reactions', up: REACTIONS_SCHEMA },
  {
    // The health probe writes PROBE_BYTES of new pages while writes fail (issue 21): a
    // one-row update fitted in space SQLite already held while messages did not.
    name: '0008-health-probe-pad',
    up: 'ALTER TABLE health_probe ADD COLUMN pad BLOB;',
  },
  {
    // The console's user lookup (issue 22): a user's recent messages across rooms, and
    // users by name prefix (LIKE is case-insensitive, so the index is NOCASE).
    name: '0009-moderation-lookup',
    up: `CREATE INDEX IF NOT EXISTS messages_sender_time ON messages (sender_id, created_at);
         CREATE INDEX IF NOT EXISTS users_name ON users (name COLLATE NOCASE);`,
  },
];
