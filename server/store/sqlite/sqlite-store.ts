import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Message, RoomId, RoomKind, User } from '../../../protocol/wire.js';
import { decodeRoomCursor, encodeRoomCursor } from '../cursor.js';
import { WriteHealth } from '../faults.js';
import type {
  AppendResult,
  FriendRequestRecord,
  MessageEdit,
  MessagePage,
  NewMessage,
  RoomPage,
  RoomRecord,
  Store,
  UserInput,
} from '../types.js';
import { appendOne } from './append.js';
import { AppendQueue } from './append-queue.js';
import { SqliteApiKeys } from './api-keys.repo.js';
import { migrate } from './migrate.js';
import { SqliteWebhooks } from './webhooks.repo.js';
import { WalSync } from './wal-sync.js';
import { SqliteFriends } from './friends.repo.js';
import { SqliteModeration } from './moderation-store.js';
import { SqlitePeople } from './people.repo.js';
import { toMessage, toRoom } from './rows.js';
import { SqliteReactions } from './reactions.repo.js';
import { prepareStatements, type Statements } from './statements.js';

const now = () => new Date().toISOString();

/**
 * The embedded default store: one SQLite file in WAL mode. better-sqlite3 is
 * synchronous, so each statement is atomic within the process; message appends
 * and the other hot-path writes are grouped into one transaction per tick (see
 * AppendQueue), and writes that would change nothing are skipped after a read.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  /** Every hot-path write (appends, read markers, users, members) goes through one group commit. */
  private readonly writes: AppendQueue<() => unknown, unknown>;
  private readonly stmt: Statements;
  readonly apiKeys: SqliteApiKeys;
  readonly webhooks: SqliteWebhooks;
  private readonly health = new WriteHealth();
  readonly moderation: SqliteModeration;
  private readonly reactions: SqliteReactions;
  readonly people: SqlitePeople;
  private readonly friends: SqliteFriends;
  /** Null only where SQLite keeps no WAL file: then `synchronous = FULL` syncs each commit itself. */
  private readonly wal: WalSync | null;

  constructor(dataDir: string, file = 'stock-chat.db') {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, file));
    // Another process on the same file (several servers on one machine) waits instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // FULL until the WAL sync below takes over: a commit is on disk before its ack.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    try {
      // Upgrades run on every start, so a new release never needs a manual step.
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    // Commits write the WAL only; each write's fsync then runs off the event loop (see WalSync).
    this.wal = WalSync.open(path.join(dataDir, file));
    if (this.wal) this.db.pragma('synchronous = NORMAL');
    this.stmt = prepareStatements(this.db);
    this.moderation = new SqliteModeration(this.db, () => this.durable());
    this.reactions = new SqliteReactions(this.db);
    // IMMEDIATE takes the write lock before reading last_seq, so processes sharing the file stay gap-free.
    const writeBatch = this.db.transaction((jobs: (() => unknown)[]) => jobs.map((job) => job()));
    this.writes = new AppendQueue((jobs) => writeBatch.immediate(jobs));
    const write = <T>(job: () => T) => this.write(job);
    this.apiKeys = new SqliteApiKeys(this.db, write);
    this.webhooks = new SqliteWebhooks(this.db, write);
    this.people = new SqlitePeople(this.db, write);
    this.friends = new SqliteFriends(this.db, this.stmt, (job) => this.direct(job));
  }

  /** Runs a write in the next group commit and resolves once it is on disk. */
  private write<T>(job: () => T): Promise<T> {
    return this.health.track(async () => {
      const result = (await this.writes.push(job)) as T;
      await this.wal?.sync();
      return result;
    });
  }

  /** A write outside the group commit (its own transaction), with the same fault handling. */
  private direct<T>(job: () => T): Promise<T> {
    return this.health.track(async () => {
      const result = job();
      await this.wal?.sync();
      return result;
    });
  }

  /** Resolves once every commit so far is on disk, for writes made outside `write`/`direct`. */
  private durable(): Promise<void> {
    return this.health.track(async () => this.wal?.sync());
  }

  async upsertUser(user: UserInput): Promise<void> {
    // Every connect upserts: skip the commit (and its fsync) when nothing changed.
    const known = this.stmt.getUser.get(user.id);
    if (known && known.name === user.name && known.avatar === (user.avatar ?? null)) return;
    await this.write(() =>
      this.stmt.upsertUser.run({
        id: user.id,
        name: user.name,
        avatar: user.avatar ?? null,
        now: now(),
      }),
    );
  }

  async getUsers(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = this.stmt.getUsers.all(JSON.stringify(ids));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      ...(r.avatar ? { avatar: r.avatar } : {}),
      ...(r.last_seen ? { lastSeen: r.last_seen } : {}),
    }));
  }

  async setLastSeen(userId: string, at: Date): Promise<void> {
    // Queued with the other hot-path writes: a thousand sockets closing at once cost one
    // commit, not a thousand. app.close() waits for this work before the store closes.
    await this.write(() => this.stmt.lastSeen.run(at.toISOString(), userId));
  }

  async ensureRoom(room: {
    id: RoomId;
    kind: RoomKind;
    name: string;
    createdBy?: string;
  }): Promise<RoomRecord & { created?: boolean }> {
    // Called on every access to a ticker room: a read when it exists, a write only the first time.
    const existing = this.stmt.getRoom.get(room.id);
    if (existing) return toRoom(existing);
    const { changes } = await this.write(() =>
      this.stmt.insertRoom.run(room.id, room.kind, room.name, room.createdBy ?? null, now()),
    );
    return { ...toRoom(this.stmt.getRoom.get(room.id)!), created: changes > 0 };
  }

  async getRoom(id: RoomId): Promise<RoomRecord | null> {
    const row = this.stmt.getRoom.get(id);
    return row ? toRoom(row) : null;
  }

  async addMembers(room: RoomId, userIds: string[]): Promise<void> {
    // A ticker join re-adds its user every time: only newcomers cost a commit.
    const newcomers = userIds.filter((u) => this.stmt.isMember.get(room, u) === undefined);
    if (newcomers.length === 0) return;
    const at = now();
    await this.write(() => newcomers.forEach((u) => this.stmt.addMember.run(room, u, at)));
  }

  async removeMember(room: RoomId, userId: string): Promise<void> {
    await this.write(() => this.stmt.removeMember.run(room, userId));
  }

  async isMember(room: RoomId, userId: string): Promise<boolean> {
    return this.stmt.isMember.get(room, userId) !== undefined;
  }

  async memberCount(room: RoomId): Promise<number> {
    return this.stmt.memberCount.get(room)?.n ?? 0;
  }

  async members(room: RoomId): Promise<string[]> {
    return this.stmt.members.all(room).map((r) => r.user);
  }

  async roomsOf(userId: string, page: { limit: number; after?: string }): Promise<RoomPage> {
    const after = page.after === undefined ? null : decodeRoomCursor(page.after);
    const rows = this.stmt.roomsPage.all({
      user: userId,
      at: after?.at ?? null,
      id: after?.id ?? null,
      limit: page.limit + 1,
    });
    const more = rows.length > page.limit;
    const taken = rows.slice(0, page.limit);
    const ids = JSON.stringify(taken.map((r) => r.id));
    const dmIds = JSON.stringify(taken.filter((r) => r.kind === 'dm').map((r) => r.id));
    const counts = new Map(this.stmt.memberCounts.all(ids).map((r) => [r.room, r.n]));
    const last = new Map(this.stmt.lastMessages.all(ids).map((r) => [r.room, toMessage(r)]));
    const peers = new Map(this.stmt.peerReads.all(dmIds, userId).map((r) => [r.room, r.read_seq]));
    const tail = taken.at(-1);
    return {
      rooms: taken.map((r) => ({
        ...toRoom(r),
        readSeq: r.read_seq,
        memberCount: counts.get(r.id) ?? 0,
        lastMessage: last.get(r.id) ?? null,
        peerReadSeq: r.kind === 'dm' ? (peers.get(r.id) ?? 0) : null,
      })),
      next: more && tail ? encodeRoomCursor({ at: tail.act, id: tail.id }) : null,
    };
  }

  async membershipCount(userId: string, kind: RoomKind): Promise<number> {
    return this.stmt.membershipCount.get(userId, kind)?.n ?? 0;
  }

  async listRooms(limit: number): Promise<RoomRecord[]> {
    return this.stmt.listRooms.all(limit).map(toRoom);
  }

  appendMessage(input: NewMessage): Promise<AppendResult> {
    return this.write(() => appendOne(this.stmt, this.webhooks, input));
  }

  async history(room: RoomId, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const rows = this.stmt.history.all(room, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1);
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
  }

  async since(room: RoomId, afterSeq: number, limit: number): Promise<MessagePage> {
    const rows = this.stmt.since.all(room, afterSeq, limit + 1);
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).map(toMessage), hasMore };
  }

  async findMessage(room: RoomId, senderId: string, clientId: string): Promise<Message | null> {
    const row = this.stmt.findMessage.get(room, senderId, clientId);
    return row ? toMessage(row) : null;
  }

  async getMessage(room: RoomId, seq: number): Promise<Message | null> {
    const row = this.stmt.getMessage.get(room, seq);
    return row ? toMessage(row) : null;
  }

  editMessage(room: RoomId, seq: number, edit: MessageEdit): Promise<Message | null> {
    return this.write(() => {
      const row = this.stmt.getMessage.get(room, seq);
      if (!row || row.deleted_at) return null;
      const rev = this.nextRev(room);
      const cashtags = JSON.stringify(edit.cashtags);
      this.stmt.editMessage.run(edit.text, cashtags, edit.editedAt.toISOString(), rev, room, seq);
      const edited = toMessage(this.stmt.getMessage.get(room, seq)!);
      this.webhooks.stage('message.updated', edited);
      return edited;
    });
  }

  deleteMessage(
    room: RoomId,
    seq: number,
    by: 'sender' | 'moderator',
    at: Date,
  ): Promise<Message | null> {
    return this.write(() => {
      const row = this.stmt.getMessage.get(room, seq);
      if (!row) return null;
      if (row.deleted_at) return toMessage(row);
      this.stmt.deleteMessage.run(at.toISOString(), by, this.nextRev(room), room, seq);
      const deleted = toMessage(this.stmt.getMessage.get(room, seq)!);
      this.webhooks.stage('message.updated', deleted);
      return deleted;
    });
  }

  react(
    room: RoomId,
    seq: number,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<{ message: Message; changed: boolean } | null> {
    return this.write(() => {
      const row = this.stmt.getMessage.get(room, seq);
      if (!row || row.deleted_at) return null;
      const changed = this.reactions.set(room, seq, userId, emoji, on, () => this.nextRev(room));
      return { message: toMessage(changed ? this.stmt.getMessage.get(room, seq)! : row), changed };
    });
  }

  async reactionsBy(room: RoomId, userId: string, seqs: number[]): Promise<Map<number, string[]>> {
    return this.reactions.mine(room, userId, seqs);
  }

  async changedSince(
    room: RoomId,
    afterRev: number,
    upToSeq: number,
    limit: number,
  ): Promise<MessagePage> {
    const rows = this.stmt.changedSince.all(room, afterRev, upToSeq, limit + 1);
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).map(toMessage), hasMore };
  }

  /**
   * Raises the room's revision and returns it; call inside a write job, so the
   * new rev and the change it marks commit together (reactions use it too).
   */
  nextRev(room: RoomId): number {
    const row = this.stmt.bumpRev.get(room);
    if (!row) throw new Error(`room ${room} does not exist`);
    return row.last_rev;
  }

  async markRead(room: RoomId, userId: string, seq: number): Promise<number> {
    // The marker only moves forward: when it is already there, answer without a commit.
    const current = this.stmt.readSeq.get(room, userId);
    if (!current) return 0;
    if (current.read_seq >= seq) return current.read_seq;
    return this.write(() => {
      this.stmt.markRead.run(seq, room, userId);
      return this.stmt.readSeq.get(room, userId)?.read_seq ?? 0;
    });
  }

  async readSeq(room: RoomId, userId: string): Promise<number> {
    return this.stmt.readSeq.get(room, userId)?.read_seq ?? 0;
  }

  async readSeqs(room: RoomId, userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = this.stmt.readSeqs.all(room, JSON.stringify(userIds));
    const stored = new Map(rows.map((r) => [r.user, r.read_seq]));
    return new Map(userIds.map((u) => [u, stored.get(u) ?? 0]));
  }

  createFriendRequest(from: string, to: string): Promise<FriendRequestRecord> {
    return this.friends.create(from, to);
  }

  async getFriendRequest(id: string): Promise<FriendRequestRecord | null> {
    return this.friends.get(id);
  }

  async findFriendRequest(a: string, b: string): Promise<FriendRequestRecord | null> {
    return this.friends.find(a, b);
  }

  acceptFriendRequest(id: string): Promise<FriendRequestRecord> {
    return this.friends.accept(id);
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    return this.friends.areFriends(a, b);
  }

  removeFriend(a: string, b: string): Promise<boolean> {
    return this.friends.remove(a, b);
  }

  async friendsOf(userId: string): Promise<string[]> {
    return this.friends.friendsOf(userId);
  }

  async friendRequestsOf(userId: string) {
    return this.friends.requestsOf(userId);
  }

  async ping(): Promise<boolean> {
    // While writes fail, a probe of new pages finds out when the disk takes writes again.
    await this.health.probe((bytes) => this.write(() => this.stmt.probe.run(now(), bytes)));
    return this.db.prepare('SELECT 1').get() !== undefined;
  }

  writesFailing(): boolean {
    return this.health.failing;
  }

  async close(): Promise<void> {
    await this.writes.drain();
    await this.wal?.close();
    if (this.db.open) this.db.close();
  }
}
