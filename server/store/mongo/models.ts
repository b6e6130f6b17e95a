import mongoose from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { RoomKind, SenderKind } from '../../../protocol/wire.js';
import { createServerApiModels, type ServerApiModels } from './server-api.models.js';
import { createReactionModels, type ReactionModels } from './reaction.models.js';
import { createModerationModels, type ModerationModels } from './moderation-models.js';

const { Schema } = mongoose;

/**
 * Every write is acknowledged by a majority and journaled before it resolves:
 * a message is acked to its sender only once it would survive a failover.
 */
const writeConcern = { w: 'majority' as const, j: true };
const options = { versionKey: false as const, writeConcern, autoIndex: false };

export interface UserDoc {
  _id: string;
  name: string;
  avatar?: string;
  lastSeen?: Date;
  createdAt: Date;
}

export interface RoomDoc {
  _id: string;
  kind: RoomKind;
  name: string;
  createdBy: string | null;
  createdAt: Date;
  /** Seq of the newest message; raised with `$max` after each insert. */
  lastSeq: number;
  /** The newest revision, raised with `$inc` by every create, edit and delete. */
  lastRev: number;
  slowModeSec: number;
  readOnly: boolean;
  lastActivity: Date | null;
  /** `lastActivity ?? createdAt`, stored so "most recently active first" is one index scan. */
  activityAt: Date;
}

export interface MemberDoc {
  room: string;
  user: string;
  readSeq: number;
  joinedAt: Date;
  /** The member muted the room for themselves (absent on older documents: not muted). */
  muted?: boolean;
}

export interface MessageDoc {
  _id: string;
  room: string;
  seq: number;
  clientId: string;
  sender: { id: string; name: string; kind?: SenderKind };
  text: string;
  cashtags: string[];
  mentions?: string[];
  replyTo?: { seq: number; sender: { id: string; name: string }; excerpt: string };
  /** Counts per emoji (absent on messages stored before reactions: none). */
  reactions?: { emoji: string; count: number }[];
  createdAt: Date;
  rev: number;
  editedAt?: Date;
  deletedAt?: Date;
  deletedBy?: 'sender' | 'moderator';
}

export interface FriendRequestDoc {
  _id: string;
  from: string;
  to: string;
  status: 'pending' | 'accepted';
  createdAt: Date;
  /** The two user ids sorted and joined, while pending (unique among pending requests). */
  pair?: string;
}

/** One document per friendship, with the two user ids sorted (`a < b`). */
export interface FriendshipDoc {
  a: string;
  b: string;
  createdAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    avatar: String,
    lastSeen: Date,
    createdAt: { type: Date, required: true },
  },
  options,
);

const roomSchema = new Schema<RoomDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['ticker', 'group', 'dm'], required: true },
    name: { type: String, required: true },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    lastSeq: { type: Number, required: true, default: 0 },
    lastRev: { type: Number, required: true, default: 0 },
    slowModeSec: { type: Number, required: true, default: 0 },
    readOnly: { type: Boolean, required: true, default: false },
    lastActivity: { type: Date, default: null },
    activityAt: { type: Date, required: true },
  },
  options,
);
roomSchema.index({ activityAt: -1 });

const memberSchema = new Schema<MemberDoc>(
  {
    room: { type: String, required: true },
    user: { type: String, required: true },
    readSeq: { type: Number, required: true, default: 0 },
    joinedAt: { type: Date, required: true },
    muted: { type: Boolean, default: false },
  },
  options,
);
memberSchema.index({ room: 1, user: 1 }, { unique: true });
memberSchema.index({ user: 1 });

const messageSchema = new Schema<MessageDoc>(
  {
    _id: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    clientId: { type: String, required: true },
    sender: {
      id: { type: String, required: true },
      name: { type: String, required: true },
      // Absent on messages stored before bots existed: read as 'user'.
      kind: { type: String, enum: ['user', 'bot', 'system'] },
    },
    // Not `required`: a tombstone's text is ''.
    text: { type: String, default: '' },
    cashtags: { type: [String], default: [] },
    mentions: { type: [String], default: [] },
    replyTo: {
      type: new Schema(
        {
          seq: { type: Number, required: true },
          sender: { id: { type: String, required: true }, name: { type: String, required: true } },
          excerpt: { type: String, required: true },
        },
        { _id: false },
      ),
      required: false,
    },
    reactions: {
      type: [new Schema({ emoji: String, count: Number }, { _id: false })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    rev: { type: Number, required: true, default: 0 },
    editedAt: Date,
    deletedAt: Date,
    deletedBy: { type: String, enum: ['sender', 'moderator'] },
  },
  options,
);
// The two invariants of appendMessage: one message per (room, seq), one per retried clientId.
messageSchema.index({ room: 1, seq: 1 }, { unique: true });
messageSchema.index({ room: 1, 'sender.id': 1, clientId: 1 }, { unique: true });
// Catch-up on changes: `sync` asks for a room's messages above a rev.
messageSchema.index({ room: 1, rev: 1 });
// The console's user lookup and purge: one user's recent messages across rooms.
messageSchema.index({ 'sender.id': 1, createdAt: -1 });

const friendRequestSchema = new Schema<FriendRequestDoc>(
  {
    _id: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    status: { type: String, enum: ['pending', 'accepted'], required: true },
    createdAt: { type: Date, required: true },
    pair: String,
  },
  options,
);
friendRequestSchema.index({ from: 1, status: 1 });
// At most one pending request per pair of users, whichever of them asked.
friendRequestSchema.index(
  { pair: 1 },
  { unique: true, partialFilterExpression: { status: 'pending', pair: { $type: 'string' } } },
);
friendRequestSchema.index({ to: 1, status: 1 });

const friendshipSchema = new Schema<FriendshipDoc>(
  {
    a: { type: String, required: true },
    b: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  options,
);
friendshipSchema.index({ a: 1, b: 1 }, { unique: true });
friendshipSchema.index({ b: 1 });

export interface Models extends ModerationModels, ServerApiModels, ReactionModels {
  User: Model<UserDoc>;
  Room: Model<RoomDoc>;
  Member: Model<MemberDoc>;
  Message: Model<MessageDoc>;
  FriendRequest: Model<FriendRequestDoc>;
  Friendship: Model<FriendshipDoc>;
}

/** Compiles the models on one connection (not the global mongoose), so several stores can coexist. */
export function createModels(conn: Connection): Models {
  return {
    User: conn.model<UserDoc>('User', userSchema, 'users'),
    Room: conn.model<RoomDoc>('Room', roomSchema, 'rooms'),
    Member: conn.model<MemberDoc>('Member', memberSchema, 'members'),
    Message: conn.model<MessageDoc>('Message', messageSchema, 'messages'),
    FriendRequest: conn.model<FriendRequestDoc>(
      'FriendRequest',
      friendRequestSchema,
      'friendRequests',
    ),
    Friendship: conn.model<FriendshipDoc>('Friendship', friendshipSchema, 'friendships'),
    ...createServerApiModels(conn),
    ...createModerationModels(conn),
    ...createReactionModels(conn),
  };
}
