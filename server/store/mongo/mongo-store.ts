import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Message, RoomId, RoomKind, User } from '../../../protocol/wire.js';
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
import { toMessage, toRoom } from './mappers.js';
import { MessageAppender, nextRev } from './message-appender.js';
import { migrateMongo } from './migrate.js';
import { MongoFriends } from './friends.repo.js';
import { roomsOf } from './rooms-of.js';
import { addMembers, ensureRoom } from './rooms.repo.js';
import { MongoModeration } from './moderation-store.js';
import { MongoPeople } from './people.repo.js';
import { createModels } from './models.js';
import type { Models } from './models.js';
import { MongoReactions } from './reactions.repo.js';
import { MongoApiKeys, MongoWebhooks } from './server-api.repos.js';

/**
 * The MongoDB adapter (docker-compose, scale-out). Seq allocation needs no
 * transaction: a message takes `max(seq) + 1` of its room and the unique index
 * on `(room, seq)` rejects a seq another writer took first, so a seq exists only
 * once a message holds it and the sequence stays gap-free even across a crash.
 */
export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  private readonly appender: MessageAppender;
  readonly apiKeys: MongoApiKeys;
  readonly webhooks: MongoWebhooks;
  private readonly health = new WriteHealth();
  readonly moderation: MongoModeration;
  private readonly reactions: MongoReactions;
  readonly people: MongoPeople;
  private readonly friends: MongoFriends;

  private constructor(
    private readonly conn: Connection,
    private readonly m: Models,
  ) {
    this.appender = new MessageAppender(m);
    this.apiKeys = new MongoApiKeys(m);
    this.webhooks = new MongoWebhooks(m);
    this.moderation = new MongoModeration(m);
    this.reactions = new MongoReactions(m);
    this.people = new MongoPeople(m);
    this.friends = new MongoFriends(m, this.health);
  }

  /**
   * Connects, applies pending migrations, syncs the indexes the invariants rest on,
   * and returns the store. Operations give up after 1.5 s without a reachable
   * server (and are never buffered), so a send answers `unavailable` within 2 s
   * while MongoDB is gone; the first connection is retried for up to `startupMs`.
   */
  static async connect(uri: string, startupMs = 10_000): Promise<MongoStore> {
    const deadline = Date.now() + startupMs;
    const open = () =>
      mongoose
        .createConnection(uri, {
          serverSelectionTimeoutMS: 1_500,
          autoIndex: false,
          bufferCommands: false,
        })
        .asPromise();
    let conn: Connection;
    for (;;) {
      try {
        conn = await open();
        break;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
    try {
      const models = createModels(conn);
      await migrateMongo(conn, models);
      return new MongoStore(conn, models);
    } catch (err) {
      await conn.close();
      throw err;
    }
  }

  // The writes the SQLite store groups in its commit are tracked here too, so /health
  // follows the same writes on both adapters (see WriteHealth).
  async upsertUser(user: UserInput): Promise<void> {
    await this.health.track(() =>
      this.m.User.updateOne(
        { _id: user.id },
        {
          $set: { name: user.name, ...(user.avatar ? { avatar: user.avatar } : {}) },
          ...(user.avatar ? {} : { $unset: { avatar: 1 } }),
          $setOnInsert: { createdAt: new Date() },
        },
        { upsert: true },
      ),
    );
  }

  async getUsers(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const docs = await this.m.User.find({ _id: { $in: ids } }).lean();
    return docs.map((d) => ({
      id: d._id,
      name: d.name,
      ...(d.avatar ? { avatar: d.avatar } : {}),
      ...(d.lastSeen ? { lastSeen: d.lastSeen.toISOString() } : {}),
    }));
  }

  async setLastSeen(userId: string, at: Date): Promise<void> {
    await this.health.track(() =>
      this.m.User.updateOne({ _id: userId }, { $set: { lastSeen: at } }),
    );
  }

  ensureRoom(room: {
    id: RoomId;
    kind: RoomKind;
    name: string;
    createdBy?: string;
  }): Promise<RoomRecord & { created?: boolean }> {
    return this.health.track(() => ensureRoom(this.m, room));
  }

  async getRoom(id: RoomId): Promise<RoomRecord | null> {
    const doc = await this.m.Room.findById(id).lean();
    return doc ? toRoom(doc) : null;
  }

  addMembers(room: RoomId, userIds: string[]): Promise<void> {
    return this.health.track(() => addMembers(this.m, room, userIds));
  }

  async removeMember(room: RoomId, userId: string): Promise<void> {
    await this.health.track(() => this.m.Member.deleteOne({ room, user: userId }));
  }

  async isMember(room: RoomId, userId: string): Promise<boolean> {
    return (await this.m.Member.exists({ room, user: userId })) !== null;
  }

  async memberCount(room: RoomId): Promise<number> {
    return this.m.Member.countDocuments({ room });
  }

  async members(room: RoomId): Promise<string[]> {
    const docs = await this.m.Member.find({ room }, { user: 1 }).lean();
    return docs.map((d) => d.user);
  }

  /** Five queries per page, whatever its size: memberships, rooms, counts, newest messages, DM peers. */
  roomsOf(userId: string, page: { limit: number; after?: string }): Promise<RoomPage> {
    return roomsOf(this.m, userId, page);
  }

  async membershipCount(userId: string, kind: RoomKind): Promise<number> {
    const rooms = await this.m.Member.find({ user: userId }, { room: 1 }).lean();
    if (rooms.length === 0) return 0;
    return this.m.Room.countDocuments({ _id: { $in: rooms.map((r) => r.room) }, kind });
  }

  async listRooms(limit: number): Promise<RoomRecord[]> {
    const docs = await this.m.Room.find().sort({ activityAt: -1 }).limit(limit).lean();
    return docs.map(toRoom);
  }

  appendMessage(input: NewMessage): Promise<AppendResult> {
    return this.health.track(async () => {
      const result = await this.appender.append(input);
      await this.webhooks.stage('message.created', result.message);
      return result;
    });
  }

  async history(room: RoomId, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const filter = beforeSeq === undefined ? { room } : { room, seq: { $lt: beforeSeq } };
    const docs = await this.m.Message.find(filter)
      .sort({ seq: -1 })
      .limit(limit + 1)
      .lean();
    return {
      messages: docs.slice(0, limit).reverse().map(toMessage),
      hasMore: docs.length > limit,
    };
  }

  async since(room: RoomId, afterSeq: number, limit: number): Promise<MessagePage> {
    const docs = await this.m.Message.find({ room, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit + 1)
      .lean();
    return { messages: docs.slice(0, limit).map(toMessage), hasMore: docs.length > limit };
  }

  async findMessage(room: RoomId, senderId: string, clientId: string): Promise<Message | null> {
    const doc = await this.m.Message.findOne({ room, 'sender.id': senderId, clientId }).lean();
    return doc ? toMessage(doc) : null;
  }

  async getMessage(room: RoomId, seq: number): Promise<Message | null> {
    const doc = await this.m.Message.findOne({ room, seq }).lean();
    return doc ? toMessage(doc) : null;
  }

  async editMessage(room: RoomId, seq: number, edit: MessageEdit): Promise<Message | null> {
    if (!(await this.m.Message.exists({ room, seq, deletedAt: null }))) return null;
    const rev = await nextRev(this.m, room);
    const doc = await this.m.Message.findOneAndUpdate(
      { room, seq, deletedAt: null },
      { $set: { text: edit.text, cashtags: edit.cashtags, editedAt: edit.editedAt, rev } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) return null;
    const edited = toMessage(doc);
    await this.webhooks.stage('message.updated', edited);
    return edited;
  }

  async deleteMessage(
    room: RoomId,
    seq: number,
    by: 'sender' | 'moderator',
    at: Date,
  ): Promise<Message | null> {
    const current = await this.m.Message.findOne({ room, seq }).lean();
    if (!current || current.deletedAt) return current ? toMessage(current) : null;
    const rev = await nextRev(this.m, room);
    const doc = await this.m.Message.findOneAndUpdate(
      { room, seq, deletedAt: null },
      {
        $set: {
          text: '',
          cashtags: [],
          mentions: [],
          reactions: [],
          deletedAt: at,
          deletedBy: by,
          rev,
        },
      },
      { returnDocument: 'after' },
    ).lean();
    if (doc) await this.webhooks.stage('message.updated', toMessage(doc));
    // A concurrent delete won: answer with its tombstone.
    return toMessage(doc ?? (await this.m.Message.findOne({ room, seq }).lean()) ?? current);
  }

  react(
    room: RoomId,
    seq: number,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<{ message: Message; changed: boolean } | null> {
    return this.reactions.set(room, seq, userId, emoji, on);
  }

  reactionsBy(room: RoomId, userId: string, seqs: number[]): Promise<Map<number, string[]>> {
    return this.reactions.mine(room, userId, seqs);
  }

  async changedSince(
    room: RoomId,
    afterRev: number,
    upToSeq: number,
    limit: number,
  ): Promise<MessagePage> {
    const docs = await this.m.Message.find({ room, rev: { $gt: afterRev }, seq: { $lte: upToSeq } })
      .sort({ rev: 1 })
      .limit(limit + 1)
      .lean();
    return { messages: docs.slice(0, limit).map(toMessage), hasMore: docs.length > limit };
  }

  async markRead(room: RoomId, userId: string, seq: number): Promise<number> {
    const doc = await this.health.track(() =>
      this.m.Member.findOneAndUpdate(
        { room, user: userId },
        { $max: { readSeq: seq } },
        { returnDocument: 'after' },
      ).lean(),
    );
    return doc?.readSeq ?? 0;
  }

  async readSeq(room: RoomId, userId: string): Promise<number> {
    const doc = await this.m.Member.findOne({ room, user: userId }, { readSeq: 1 }).lean();
    return doc?.readSeq ?? 0;
  }

  async readSeqs(room: RoomId, userIds: string[]): Promise<Map<string, number>> {
    const docs =
      userIds.length === 0
        ? []
        : await this.m.Member.find(
            { room, user: { $in: userIds } },
            { user: 1, readSeq: 1 },
          ).lean();
    const stored = new Map(docs.map((d) => [d.user, d.readSeq]));
    return new Map(userIds.map((u) => [u, stored.get(u) ?? 0]));
  }

  createFriendRequest(from: string, to: string): Promise<FriendRequestRecord> {
    return this.friends.create(from, to);
  }

  getFriendRequest(id: string): Promise<FriendRequestRecord | null> {
    return this.friends.get(id);
  }

  findFriendRequest(a: string, b: string): Promise<FriendRequestRecord | null> {
    return this.friends.find(a, b);
  }

  acceptFriendRequest(id: string): Promise<FriendRequestRecord> {
    return this.friends.accept(id);
  }

  areFriends(a: string, b: string): Promise<boolean> {
    return this.friends.areFriends(a, b);
  }

  removeFriend(a: string, b: string): Promise<boolean> {
    return this.friends.remove(a, b);
  }

  friendsOf(userId: string): Promise<string[]> {
    return this.friends.friendsOf(userId);
  }

  friendRequestsOf(
    userId: string,
  ): Promise<{ incoming: FriendRequestRecord[]; outgoing: FriendRequestRecord[] }> {
    return this.friends.requestsOf(userId);
  }

  /** Answers within 1.5 s even when MongoDB is unreachable; also probes writes while they fail. */
  async ping(): Promise<boolean> {
    const db = this.conn.db;
    if (!db) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 1_500);
    });
    const probe = async () => {
      const answer = await db.admin().ping();
      // While writes fail, a journaled write of new data finds out when MongoDB takes writes again.
      await this.health.probe((bytes) =>
        db
          .collection<{ _id: string; at: Date; pad: Buffer }>('healthProbe')
          .updateOne(
            { _id: 'probe' },
            { $set: { at: new Date(), pad: randomBytes(bytes) } },
            { upsert: true, writeConcern: { w: 'majority', j: true } },
          ),
      );
      return answer['ok'] === 1;
    };
    try {
      return await Promise.race([probe().catch(() => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  writesFailing(): boolean {
    return this.health.failing;
  }

  /** Lets every accepted append finish, then closes the connection. */
  async close(): Promise<void> {
    await this.appender.close();
    await this.conn.close();
  }
}
