import mongoose from 'mongoose';
import type { Message } from '../../../protocol/wire.js';
import type { FriendRequestRecord, RoomRecord } from '../types.js';
import type { FriendRequestDoc, MessageDoc, RoomDoc } from './models.js';

/** E11000: a unique index refused the write. */
export const isDuplicateKey = (err: unknown): boolean =>
  err instanceof mongoose.mongo.MongoServerError && err.code === 11000;

export const toMessage = (d: MessageDoc): Message => ({
  id: d._id,
  room: d.room,
  seq: d.seq,
  clientId: d.clientId,
  sender: { id: d.sender.id, name: d.sender.name, kind: d.sender.kind ?? 'user' },
  text: d.text,
  createdAt: d.createdAt.toISOString(),
  cashtags: [...d.cashtags],
  mentions: [...(d.mentions ?? [])],
  reactions: (d.reactions ?? []).map((r) => ({ emoji: r.emoji, count: r.count })),
  ...(d.replyTo
    ? {
        replyTo: {
          seq: d.replyTo.seq,
          sender: { id: d.replyTo.sender.id, name: d.replyTo.sender.name },
          excerpt: d.replyTo.excerpt,
        },
      }
    : {}),
  rev: d.rev ?? d.seq,
  ...(d.editedAt ? { editedAt: d.editedAt.toISOString() } : {}),
  ...(d.deletedAt
    ? {
        text: '',
        mentions: [],
        reactions: [],
        deletedAt: d.deletedAt.toISOString(),
        deletedBy: d.deletedBy ?? 'sender',
      }
    : {}),
});

export const toRoom = (d: RoomDoc): RoomRecord => ({
  id: d._id,
  kind: d.kind,
  name: d.name,
  createdBy: d.createdBy ?? null,
  createdAt: d.createdAt.toISOString(),
  lastSeq: d.lastSeq,
  // Rooms stored before revisions existed: their messages' rev is their seq.
  lastRev: d.lastRev ?? d.lastSeq,
  slowModeSec: d.slowModeSec ?? 0,
  readOnly: d.readOnly ?? false,
  lastActivity: d.lastActivity ? d.lastActivity.toISOString() : null,
});

export const toRequest = (d: FriendRequestDoc): FriendRequestRecord => ({
  id: d._id,
  from: d.from,
  to: d.to,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
});
