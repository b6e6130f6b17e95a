import type { RoomId } from '../../../protocol/wire.js';
import type { PeopleRepository } from '../types.js';
import type { Models } from './models.js';

/** Per-user room mutes (a field of the membership) and pending-request removal in MongoDB. */
export class MongoPeople implements PeopleRepository {
  constructor(private readonly m: Models) {}

  async setMuted(room: RoomId, userId: string, muted: boolean): Promise<boolean> {
    const { matchedCount } = await this.m.Member.updateOne(
      { room, user: userId },
      { $set: { muted } },
    );
    return matchedCount > 0;
  }

  async mutedAmong(userId: string, rooms: RoomId[]): Promise<Set<RoomId>> {
    if (rooms.length === 0) return new Set();
    // Served by the { user: 1 } index: a user's memberships are few.
    const docs = await this.m.Member.find(
      { user: userId, muted: true, room: { $in: rooms } },
      { room: 1 },
    ).lean();
    return new Set(docs.map((d) => d.room));
  }

  async deletePendingRequest(id: string): Promise<boolean> {
    const { deletedCount } = await this.m.FriendRequest.deleteOne({ _id: id, status: 'pending' });
    return deletedCount > 0;
  }
}
