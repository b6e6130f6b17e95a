import type Database from 'better-sqlite3';
import type { Reaction, RoomId } from '../../../protocol/wire.js';
import { inPaletteOrder, orderCounts } from '../reaction-order.js';

/** The per-user reaction rows; a message row keeps the counts (`messages.reactions`). */
export const REACTIONS_SCHEMA = `
  ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE IF NOT EXISTS message_reactions (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    emoji TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (room, seq, user_id, emoji)
  ) WITHOUT ROWID;`;

/**
 * Who reacted with what, in the embedded store. `set` runs inside the caller's
 * write job, so the row, the new counts and the message's new rev commit together.
 */
export class SqliteReactions {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      add: db.prepare<[string, number, string, string, string]>(
        `INSERT OR IGNORE INTO message_reactions (room, seq, user_id, emoji, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      remove: db.prepare<[string, number, string, string]>(
        'DELETE FROM message_reactions WHERE room = ? AND seq = ? AND user_id = ? AND emoji = ?',
      ),
      counts: db.prepare<[string, number], { emoji: string; count: number; first: string }>(
        `SELECT emoji, count(*) AS count, min(created_at) AS first FROM message_reactions
         WHERE room = ? AND seq = ? GROUP BY emoji`,
      ),
      store: db.prepare<[string, number, string, number]>(
        'UPDATE messages SET reactions = ?, rev = ? WHERE room = ? AND seq = ?',
      ),
      mine: db.prepare<[string, string, string], { seq: number; emoji: string }>(
        `SELECT seq, emoji FROM message_reactions
         WHERE room = ? AND user_id = ? AND seq IN (SELECT value FROM json_each(?))
         ORDER BY created_at`,
      ),
    };
  }

  /**
   * Adds or removes one user's reaction; true when that changed anything, and then
   * the message holds the new counts and `rev`.
   */
  set(room: RoomId, seq: number, user: string, emoji: string, on: boolean, rev: () => number) {
    const { changes } = on
      ? this.stmt.add.run(room, seq, user, emoji, new Date().toISOString())
      : this.stmt.remove.run(room, seq, user, emoji);
    if (changes === 0) return false;
    const counts: Reaction[] = orderCounts(this.stmt.counts.all(room, seq));
    this.stmt.store.run(JSON.stringify(counts), rev(), room, seq);
    return true;
  }

  /** The emojis `user` chose on each of these messages (absent: none). */
  mine(room: RoomId, user: string, seqs: number[]): Map<number, string[]> {
    const chosen = new Map<number, string[]>();
    if (seqs.length === 0) return chosen;
    for (const row of this.stmt.mine.all(room, user, JSON.stringify(seqs))) {
      chosen.set(row.seq, [...(chosen.get(row.seq) ?? []), row.emoji]);
    }
    for (const [seq, emojis] of chosen) chosen.set(seq, inPaletteOrder(emojis));
    return chosen;
  }
}
