import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Message, RoomId, RoomKind, User } from '../../protocol.js';
import type {
  AppendResult,
  FriendRequestRecord,
  MembershipRecord,
  MessagePage,
  NewMessage,
  RoomRecord,
  Store,
  UserInput,
} from '../types.js';
import { createModels } from './models.js';
import type { FriendRequestDoc, MessageDoc, Models, RoomDoc } from './models.js';

/** Attempts at a free seq before an append gives up (only other processes can take one). */
const MAX_SEQ_ATTEMPTS = 20;

const isDuplicateKey = (err: unknown): boolean =>
  err instanceof mongoose.mongo.MongoServerError && err.code === 11000;

const pair = (a: string, b: string) => (a < b ? { a, b } : { a: b, b: a });

const toMessage = (d: MessageDoc): Message => ({
  id: d._id,
  room: d.room,
  seq: d.seq,
  clientId: d.clientId,
  sender: { id: d.sender.id, name: d.sender.name },
  text: d.text,
  createdAt: d.createdAt.toISOString(),
  cashtags: [...d.cashtags],
});
const toRoom = (d: RoomDoc): RoomRecord => ({
  id: d._id,
  kind: d.kind,
  name: d.name,
  createdBy: d.createdBy ?? null,
  createdAt: d.createdAt.toISOString(),
  lastSeq: d.lastSeq,
  lastActivity: d.lastActivity ? d.lastActivity.toISOString() : null,
});
const toRequest = (d: FriendRequestDoc): FriendRequestRecord => ({
  id: d._id,
  from: d.from,
  to: d.to,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
});

/**
 * The MongoDB adapter (docker-compose, scale-out). Seq allocation needs no
 * transaction: a message takes `max(seq) + 1` of its room and the unique index
 * on `(room, seq)` rejects a seq another writer took first, so a seq exists only
 * once a message holds it and the sequence stays gap-free even across a crash.
 */
export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  /** Appends run one at a time per room in this process, so retries of one clientId never race here. */
  private readonly tails = new Map<RoomId, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly conn: Connection,
    private readonly m: Models,
  ) {}

  /** Connects, creates the indexes the invariants rest on, and returns the store. */
  static async connect(uri: string): Promise<MongoStore> {
    const conn = await mongoose
      .createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false })
      .asPromise();
    try {
      const models = createModels(conn);
      for (const model of Object.values(models)) await model.createIndexes();
      return new MongoStore(conn, models);
    } catch (err) {
      await conn.close();
      throw err;
    }
  }

  async upsertUser(user: UserInput): Promise<void> {
    await this.m.User.updateOne(
      { _id: user.id },
      {
        $set: { name: user.name, ...(user.avatar ? { avatar: user.avatar } : {}) },
        ...(user.avatar ? {} : { $unset: { avatar: 1 } }),
        $setOnInsert: { createdAt: new Date() },
      },
      { upsert: true },
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
    await this.m.User.updateOne({ _id: userId }, { $set: { lastSeen: at } });
  }

  async ensureRoom(room: {
    id: RoomId;
    kind: RoomKind;
    name: string;
    createdBy?: string;
  }): Promise<RoomRecord> {
    const now = new Date();
    const insert = {
      kind: room.kind,
      name: room.name,
      createdBy: room.createdBy ?? null,
      createdAt: now,
      lastSeq: 0,
      lastActivity: null,
      activityAt: now,
    };
    try {
      const doc = await this.m.Room.findOneAndUpdate(
        { _id: room.id },
        { $setOnInsert: insert },
        { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false },
      ).lean();
      if (doc) return toRoom(doc);
    } catch (err) {
      // Two first joins at once: one upsert wins, the other reads what it wrote.
      if (!isDuplicateKey(err)) throw err;
    }
    const doc = await this.m.Room.findById(room.id).lean();
    if (!doc) throw new Error(`room ${room.id} could not be created`);
    return toRoom(doc);
  }

  async getRoom(id: RoomId): Promise<RoomRecord | null> {
    const doc = await this.m.Room.findById(id).lean();
    return doc ? toRoom(doc) : null;
  }

  async addMembers(room: RoomId, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const joinedAt = new Date();
    const write = () =>
      this.m.Member.bulkWrite(
        userIds.map((user) => ({
          updateOne: {
            filter: { room, user },
            update: { $setOnInsert: { readSeq: 0, joinedAt } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    try {
      await write();
    } catch (err) {
      // A concurrent join inserted the same member first; the retry finds it and changes nothing.
      if (!isDuplicateKey(err)) throw err;
      await write();
    }
  }

  async removeMember(room: RoomId, userId: string): Promise<void> {
    await this.m.Member.deleteOne({ room, user: userId });
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

  async roomsOf(userId: string): Promise<MembershipRecord[]> {
    const memberships = await this.m.Member.find({ user: userId }, { room: 1, readSeq: 1 }).lean();
    if (memberships.length === 0) return [];
    const readSeqs = new Map(memberships.map((d) => [d.room, d.readSeq]));
    const rooms = await this.m.Room.find({ _id: { $in: [...readSeqs.keys()] } })
      .sort({ activityAt: -1 })
      .lean();
    return rooms.map((d) => ({ ...toRoom(d), readSeq: readSeqs.get(d._id) ?? 0 }));
  }

  async listRooms(limit: number): Promise<RoomRecord[]> {
    const docs = await this.m.Room.find().sort({ activityAt: -1 }).limit(limit).lean();
    return docs.map(toRoom);
  }

  appendMessage(input: NewMessage): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const previous = this.tails.get(input.room) ?? Promise.resolve();
    const result = previous.then(() => this.appendOne(input));
    const tail = result.catch(() => undefined);
    this.tails.set(input.room, tail);
    this.inFlight.add(tail);
    void tail.then(() => {
      this.inFlight.delete(tail);
      if (this.tails.get(input.room) === tail) this.tails.delete(input.room);
    });
    return result;
  }

  /**
   * Idempotency first: a retried (room, sender, clientId) returns the stored
   * original. Otherwise the message takes the room's next seq; a duplicate-key
   * error means another process took that seq (try the next one) or stored the
   * same clientId first (return its message). Nothing is reserved before the
   * insert, so neither a lost race nor a crash can leave a hole in the seqs; a
   * crash between the insert and the `$max` on the room leaves `lastSeq` behind
   * until that room's next message raises it.
   */
  private async appendOne(input: NewMessage): Promise<AppendResult> {
    const original = await this.findByClientId(input);
    if (original) return { message: toMessage(original), created: false };
    if (!(await this.m.Room.exists({ _id: input.room }))) {
      throw new Error(`room ${input.room} does not exist`);
    }
    const doc: MessageDoc = {
      _id: randomUUID(),
      room: input.room,
      seq: 0,
      clientId: input.clientId,
      sender: { id: input.sender.id, name: input.sender.name },
      text: input.text,
      cashtags: [...input.cashtags],
      createdAt: input.createdAt,
    };
    for (let attempt = 1; ; attempt++) {
      doc.seq = (await this.maxSeq(input.room)) + 1;
      try {
        await this.m.Message.insertOne(doc);
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const winner = await this.findByClientId(input);
        if (winner) return { message: toMessage(winner), created: false };
        if (attempt >= MAX_SEQ_ATTEMPTS) throw err;
      }
    }
    await this.m.Room.updateOne(
      { _id: input.room },
      { $max: { lastSeq: doc.seq, lastActivity: doc.createdAt, activityAt: doc.createdAt } },
    );
    await this.m.Member.updateOne(
      { room: input.room, user: input.sender.id },
      { $max: { readSeq: doc.seq } },
    );
    return { message: toMessage(doc), created: true };
  }

  private findByClientId(input: NewMessage): Promise<MessageDoc | null> {
    return this.m.Message.findOne({
      room: input.room,
      'sender.id': input.sender.id,
      clientId: input.clientId,
    }).lean();
  }

  private async maxSeq(room: RoomId): Promise<number> {
    const newest = await this.m.Message.findOne({ room }, { seq: 1 }).sort({ seq: -1 }).lean();
    return newest?.seq ?? 0;
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

  async markRead(room: RoomId, userId: string, seq: number): Promise<number> {
    const doc = await this.m.Member.findOneAndUpdate(
      { room, user: userId },
      { $max: { readSeq: seq } },
      { returnDocument: 'after' },
    ).lean();
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

  async createFriendRequest(from: string, to: string): Promise<FriendRequestRecord> {
    const doc: FriendRequestDoc = {
      _id: randomUUID(),
      from,
      to,
      status: 'pending',
      createdAt: new Date(),
    };
    await this.m.FriendRequest.insertOne(doc);
    return toRequest(doc);
  }

  async getFriendRequest(id: string): Promise<FriendRequestRecord | null> {
    const doc = await this.m.FriendRequest.findById(id).lean();
    return doc ? toRequest(doc) : null;
  }

  async findFriendRequest(a: string, b: string): Promise<FriendRequestRecord | null> {
    const doc = await this.m.FriendRequest.findOne({
      status: 'pending',
      $or: [
        { from: a, to: b },
        { from: b, to: a },
      ],
    }).lean();
    return doc ? toRequest(doc) : null;
  }

  /** Marks the request accepted, then records the friendship; repeating it repairs a half-done accept. */
  async acceptFriendRequest(id: string): Promise<FriendRequestRecord> {
    const doc = await this.m.FriendRequest.findOneAndUpdate(
      { _id: id },
      { $set: { status: 'accepted' } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) throw new Error(`friend request ${id} does not exist`);
    const key = pair(doc.from, doc.to);
    try {
      await this.m.Friendship.updateOne(
        key,
        { $setOnInsert: { createdAt: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return toRequest(doc);
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    return (await this.m.Friendship.exists(pair(a, b))) !== null;
  }

  async removeFriend(a: string, b: string): Promise<boolean> {
    const { deletedCount } = await this.m.Friendship.deleteOne(pair(a, b));
    await this.m.FriendRequest.deleteMany({
      $or: [
        { from: a, to: b },
        { from: b, to: a },
      ],
    });
    return deletedCount > 0;
  }

  async friendsOf(userId: string): Promise<string[]> {
    const docs = await this.m.Friendship.find({ $or: [{ a: userId }, { b: userId }] }).lean();
    return docs.map((d) => (d.a === userId ? d.b : d.a));
  }

  async friendRequestsOf(
    userId: string,
  ): Promise<{ incoming: FriendRequestRecord[]; outgoing: FriendRequestRecord[] }> {
    const [incoming, outgoing] = await Promise.all([
      this.m.FriendRequest.find({ to: userId, status: 'pending' }).sort({ createdAt: 1 }).lean(),
      this.m.FriendRequest.find({ from: userId, status: 'pending' }).sort({ createdAt: 1 }).lean(),
    ]);
    return { incoming: incoming.map(toRequest), outgoing: outgoing.map(toRequest) };
  }

  async ping(): Promise<boolean> {
    try {
      const db = this.conn.db;
      if (!db) return false;
      const answer = await db.admin().ping();
      return answer['ok'] === 1;
    } catch {
      return false;
    }
  }

  /** Lets every accepted append finish, then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.conn.close();
  }
}
