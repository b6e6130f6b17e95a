import { decodeRoomCursor, encodeRoomCursor } from '../cursor.js';
import type { RoomPage } from '../types.js';
import { toMessage, toRoom } from './mappers.js';
import type { Models } from './models.js';

/**
 * One page of a user's rooms, most recently active first, in a fixed number of
 * queries whatever the page size: the memberships, the page of rooms, then member
 * counts, last messages and DM peers' read marks for the whole page at once.
 */
export async function roomsOf(
  m: Models,
  userId: string,
  page: { limit: number; after?: string },
): Promise<RoomPage> {
  const after = page.after === undefined ? null : decodeRoomCursor(page.after);
  const memberships = await m.Member.find({ user: userId }, { room: 1, readSeq: 1 }).lean();
  if (memberships.length === 0) return { rooms: [], next: null };
  const readSeqs = new Map(memberships.map((d) => [d.room, d.readSeq]));
  const ids = [...readSeqs.keys()];
  const at = after ? new Date(after.at) : null;
  const rooms = await m.Room.find(
    at
      ? {
          _id: { $in: ids },
          $or: [{ activityAt: { $lt: at } }, { activityAt: at, _id: { $lt: after!.id } }],
        }
      : { _id: { $in: ids } },
  )
    .sort({ activityAt: -1, _id: -1 })
    .limit(page.limit + 1)
    .lean();
  const more = rooms.length > page.limit;
  const taken = rooms.slice(0, page.limit);
  const pageIds = taken.map((d) => d._id);
  const dmIds = taken.filter((d) => d.kind === 'dm').map((d) => d._id);
  const withMessages = taken.filter((d) => d.lastSeq > 0);
  const [counts, lastDocs, peerDocs] = await Promise.all([
    m.Member.aggregate<{ _id: string; n: number }>([
      { $match: { room: { $in: pageIds } } },
      { $group: { _id: '$room', n: { $sum: 1 } } },
    ]),
    withMessages.length === 0
      ? []
      : m.Message.find({
          $or: withMessages.map((d) => ({ room: d._id, seq: d.lastSeq })),
        }).lean(),
    dmIds.length === 0
      ? []
      : m.Member.find(
          { room: { $in: dmIds }, user: { $ne: userId } },
          { room: 1, readSeq: 1 },
        ).lean(),
  ]);
  const countOf = new Map(counts.map((c) => [c._id, c.n]));
  const lastOf = new Map(lastDocs.map((d) => [d.room, toMessage(d)]));
  const peerOf = new Map(peerDocs.map((d) => [d.room, d.readSeq]));
  const tail = taken.at(-1);
  return {
    rooms: taken.map((d) => ({
      ...toRoom(d),
      readSeq: readSeqs.get(d._id) ?? 0,
      memberCount: countOf.get(d._id) ?? 0,
      lastMessage: lastOf.get(d._id) ?? null,
      peerReadSeq: d.kind === 'dm' ? (peerOf.get(d._id) ?? 0) : null,
    })),
    next:
      more && tail ? encodeRoomCursor({ at: tail.activityAt.toISOString(), id: tail._id }) : null,
  };
}
