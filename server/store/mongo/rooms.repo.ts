import type { RoomId, RoomKind } from '../../../protocol/wire.js';
import type { RoomRecord } from '../types.js';
import { isDuplicateKey, toRoom } from './mappers.js';
import type { Models } from './models.js';

/**
 * Creates a room on first use, or returns the one that exists; `created` tells
 * the one caller whose upsert inserted it (for `room.created`), even when two
 * first joins race.
 */
export async function ensureRoom(
  m: Models,
  room: {
    id: RoomId;
    kind: RoomKind;
    name: string;
    createdBy?: string;
  },
): Promise<RoomRecord & { created?: boolean }> {
  const now = new Date();
  const insert = {
    kind: room.kind,
    name: room.name,
    createdBy: room.createdBy ?? null,
    createdAt: now,
    lastSeq: 0,
    lastRev: 0,
    slowModeSec: 0,
    readOnly: false,
    lastActivity: null,
    activityAt: now,
  };
  try {
    const res = await m.Room.findOneAndUpdate(
      { _id: room.id },
      { $setOnInsert: insert },
      {
        upsert: true,
        returnDocument: 'after',
        setDefaultsOnInsert: false,
        includeResultMetadata: true,
        lean: true,
      },
    );
    if (res.value)
      return { ...toRoom(res.value), created: res.lastErrorObject?.updatedExisting === false };
  } catch (err) {
    // Two first joins at once: one upsert wins, the other reads what it wrote.
    if (!isDuplicateKey(err)) throw err;
  }
  const doc = await m.Room.findById(room.id).lean();
  if (!doc) throw new Error(`room ${room.id} could not be created`);
  return toRoom(doc);
}

/** Adds members (idempotent: an existing member keeps its read mark). */
export async function addMembers(m: Models, room: RoomId, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const joinedAt = new Date();
  const write = () =>
    m.Member.bulkWrite(
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
