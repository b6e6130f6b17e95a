/**
 * The model the protocol carries: rooms, users, messages, reactions, friend
 * requests. Types only; `wire.ts` re-exports them with the events.
 */

/** A room id: `$AAPL` (ticker), `g:<id>` (group) or `dm:<a>:<b>` (direct). */
export type RoomId = string;
export type RoomKind = 'ticker' | 'group' | 'dm';

export interface UserRef {
  id: string;
  name: string;
}

/** Who wrote a message: a person, a host platform's bot (price alerts, notes) or the system. */
export type SenderKind = 'user' | 'bot' | 'system';

export interface Sender extends UserRef {
  kind: SenderKind;
  /** The sender's https avatar (their token's `avatar` claim), added when the server sends the message. */
  avatar?: string;
}

export interface User extends UserRef {
  avatar?: string;
  lastSeen?: string;
}

export interface Message {
  id: string;
  room: RoomId;
  /** Per-room, gap-free, increasing from 1. */
  seq: number;
  clientId: string;
  sender: Sender;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /** Normalised cashtags, e.g. `["$AAPL", "$BRK.A"]`. */
  cashtags: string[];
  /**
   * Per-room revision, raised by every create, edit, delete and reaction change:
   * the highest `rev` a client holds is its `lastRev` for catching up on changes.
   */
  rev: number;
  /** ISO 8601, set once the sender has edited the text. */
  editedAt?: string;
  /** ISO 8601, set on a deleted message (a tombstone: `text` is `''`, the seq stays). */
  deletedAt?: string;
  deletedBy?: 'sender' | 'moderator';
  /** User ids `@`-mentioned in the text, in order, without repeats. */
  mentions: string[];
  /** The message this one answers, as it was when the reply was sent. */
  replyTo?: ReplyRef;
  /**
   * Reactions with at least one user, in the order they were first added. `mine`
   * is set only in answers to one user (history, sync, react); broadcasts leave it out.
   */
  reactions: Reaction[];
}

/** How many users reacted to a message with one emoji (one of `REACTIONS` in protocol/reactions.ts). */
export interface Reaction {
  emoji: string;
  count: number;
  /** In answers to one user: whether that user chose it. */
  mine?: boolean;
}

/** A quote of the message a reply answers. */
export interface ReplyRef {
  seq: number;
  sender: UserRef;
  /** The start of the original text (at most 140 characters). */
  excerpt: string;
}

export interface RoomSummary {
  id: RoomId;
  kind: RoomKind;
  name: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  memberCount: number;
  /** For DMs: the other user. */
  peer?: User;
  /** For DMs: how far the other user has read, for "Seen" receipts after a reload. */
  peerReadSeq?: number;
  lastMessage?: Message;
  /** True when this user muted the room: no unread badge growth, no notifications. */
  muted?: boolean;
}

export type PresenceStatus = 'online' | 'offline';

export interface FriendRequest {
  id: string;
  from: UserRef;
  to: UserRef;
  status: 'pending' | 'accepted';
  createdAt: string;
}

export interface Friend extends User {
  status: PresenceStatus;
  /** The DM room with this friend. */
  room: RoomId;
}
