import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dmPair } from '../../../protocol/rooms.js';
import { conflict } from '../../errors.js';
import type { FriendRequestRecord } from '../types.js';
import { toRequest } from './rows.js';
import type { Statements } from './statements.js';

const now = () => new Date().toISOString();

/** Friend requests and friendships in the embedded store; a friendship is one row per sorted pair. */
export class SqliteFriends {
  constructor(
    private readonly db: Database.Database,
    private readonly stmt: Statements,
    /** Runs a write in its own transaction with the store's fault handling. */
    private readonly direct: <T>(job: () => T) => Promise<T>,
  ) {}

  async create(from: string, to: string): Promise<FriendRequestRecord> {
    const record: FriendRequestRecord = {
      id: randomUUID(),
      from,
      to,
      status: 'pending',
      createdAt: now(),
    };
    try {
      await this.direct(() =>
        this.stmt.insertRequest.run(record.id, from, to, record.status, record.createdAt),
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict(`a friend request between ${from} and ${to} is already pending`);
      throw err;
    }
    return record;
  }

  async get(id: string): Promise<FriendRequestRecord | null> {
    const row = this.stmt.getRequest.get(id);
    return row ? toRequest(row) : null;
  }

  async find(a: string, b: string): Promise<FriendRequestRecord | null> {
    const row = this.stmt.findRequest.get(a, b, b, a);
    return row ? toRequest(row) : null;
  }

  async accept(id: string): Promise<FriendRequestRecord> {
    const accept = this.db.transaction(() => {
      const row = this.stmt.getRequest.get(id);
      if (!row) throw new Error(`friend request ${id} does not exist`);
      this.stmt.acceptRequest.run(id);
      this.stmt.insertFriendship.run(...dmPair(row.from_id, row.to_id), now());
      return { ...toRequest(row), status: 'accepted' as const };
    });
    return this.direct(() => accept());
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    return this.stmt.isFriend.get(...dmPair(a, b)) !== undefined;
  }

  async remove(a: string, b: string): Promise<boolean> {
    const remove = this.db.transaction(() => {
      const removed = this.stmt.deleteFriendship.run(...dmPair(a, b)).changes > 0;
      this.stmt.deleteRequests.run(a, b, b, a);
      return removed;
    });
    return this.direct(() => remove());
  }

  async friendsOf(userId: string): Promise<string[]> {
    return this.stmt.friendsOf.all(userId, userId).map((r) => r.id);
  }

  async requestsOf(userId: string) {
    return {
      incoming: this.stmt.incoming.all(userId).map(toRequest),
      outgoing: this.stmt.outgoing.all(userId).map(toRequest),
    };
  }
}
