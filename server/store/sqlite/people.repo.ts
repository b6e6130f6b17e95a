import type Database from 'better-sqlite3';
import type { RoomId } from '../../../protocol/wire.js';
import type { PeopleRepository } from '../types.js';

/** Per-user room mutes (a column of `members`) and pending-request removal in the embedded store. */
export class SqlitePeople implements PeopleRepository {
  private readonly stmt;

  constructor(
    db: Database.Database,
    private readonly write: <T>(job: () => T) => Promise<T>,
  ) {
    this.stmt = {
      setMuted: db.prepare<[number, string, string]>(
        'UPDATE members SET muted = ? WHERE room = ? AND user = ?',
      ),
      mutedAmong: db.prepare<[string, string], { room: string }>(
        `SELECT room FROM members
         WHERE user = ? AND muted = 1 AND room IN (SELECT value FROM json_each(?))`,
      ),
      deletePending: db.prepare<[string]>(
        "DELETE FROM friend_requests WHERE id = ? AND status = 'pending'",
      ),
    };
  }

  setMuted(room: RoomId, userId: string, muted: boolean): Promise<boolean> {
    return this.write(() => this.stmt.setMuted.run(muted ? 1 : 0, room, userId).changes > 0);
  }

  async mutedAmong(userId: string, rooms: RoomId[]): Promise<Set<RoomId>> {
    if (rooms.length === 0) return new Set();
    const rows = this.stmt.mutedAmong.all(userId, JSON.stringify(rooms));
    return new Set(rows.map((r) => r.room));
  }

  deletePendingRequest(id: string): Promise<boolean> {
    return this.write(() => this.stmt.deletePending.run(id).changes > 0);
  }
}
