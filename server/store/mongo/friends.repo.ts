import { randomUUID } from 'node:crypto';
import { dmPair } from '../../../protocol/rooms.js';
import { conflict } from '../../errors.js';
import type { WriteHealth } from '../faults.js';
import type { FriendRequestRecord } from '../types.js';
import { isDuplicateKey, toRequest } from './mappers.js';
import type { FriendRequestDoc, Models } from './models.js';

/** The friendship key of two users: their ids in the one sorted order (as in DM room ids). */
const pair = (x: string, y: string) => {
  const [a, b] = dmPair(x, y);
  return { a, b };
};
/** The two users of a friend request, sorted: one pending request per pair, either direction. */
const pairKey = (x: string, y: string) => dmPair(x, y).join('\n');

/** Friend requests and friendships in MongoDB; a friendship is one document per sorted pair. */
export class MongoFriends {
  constructor(
    private readonly m: Models,
    private readonly health: WriteHealth,
  ) {}

  async create(from: string, to: string): Promise<FriendRequestRecord> {
    const doc: FriendRequestDoc = {
      _id: randomUUID(),
      from,
      to,
      status: 'pending',
      createdAt: new Date(),
      pair: pairKey(from, to),
    };
    try {
      await this.health.track(() => this.m.FriendRequest.insertOne(doc));
    } catch (err) {
      if (isDuplicateKey(err))
        throw conflict(`a friend request between ${from} and ${to} is already pending`);
      throw err;
    }
    return toRequest(doc);
  }

  async get(id: string): Promise<FriendRequestRecord | null> {
    const doc = await this.m.FriendRequest.findById(id).lean();
    return doc ? toRequest(doc) : null;
  }

  async find(a: string, b: string): Promise<FriendRequestRecord | null> {
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
  async accept(id: string): Promise<FriendRequestRecord> {
    const doc = await this.m.FriendRequest.findOneAndUpdate(
      { _id: id },
      // Unsetting the pair takes the request out of the pending-uniqueness index.
      { $set: { status: 'accepted' }, $unset: { pair: 1 } },
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

  async remove(a: string, b: string): Promise<boolean> {
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

  async requestsOf(
    userId: string,
  ): Promise<{ incoming: FriendRequestRecord[]; outgoing: FriendRequestRecord[] }> {
    const [incoming, outgoing] = await Promise.all([
      this.m.FriendRequest.find({ to: userId, status: 'pending' }).sort({ createdAt: 1 }).lean(),
      this.m.FriendRequest.find({ from: userId, status: 'pending' }).sort({ createdAt: 1 }).lean(),
    ]);
    return { incoming: incoming.map(toRequest), outgoing: outgoing.map(toRequest) };
  }
}
