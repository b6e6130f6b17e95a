import type { WebhookDelivery, WebhookStatus } from '../../protocol/admin.js';
import type {
  Message,
  ReplyRef,
  RoomId,
  RoomKind,
  SenderKind,
  User,
  UserRef,
} from '../../protocol/wire.js';
import type { ModerationStore } from './moderation-types.js';

/** A room as stored. `lastSeq` is the seq of its newest message (0 when empty). */
export interface RoomRecord {
  id: RoomId;
  kind: RoomKind;
  name: string;
  createdBy: string | null;
  createdAt: string;
  lastSeq: number;
  /** The newest revision of the room's messages (0 when empty). */
  lastRev: number;
  lastActivity: string | null;
  /** Seconds between two messages of one user (0: off). */
  slowModeSec: number;
  /** Only moderators post. */
  readOnly: boolean;
}

/** A room a user belongs to, with that user's read marker. */
export interface MembershipRecord extends RoomRecord {
  readSeq: number;
}

/** One entry of a `roomsOf` page: the membership plus what a room list shows. */
export interface RoomPageEntry extends MembershipRecord {
  memberCount: number;
  /** The room's newest message (null when empty). */
  lastMessage: Message | null;
  /** For DMs: the other member's read marker (null for other rooms). */
  peerReadSeq: number | null;
}

export interface RoomPage {
  rooms: RoomPageEntry[];
  /** Opaque cursor of the next page; null on the last one. */
  next: string | null;
}

export interface FriendRequestRecord {
  id: string;
  from: string;
  to: string;
  status: 'pending' | 'accepted';
  createdAt: string;
}

export interface NewMessage {
  room: RoomId;
  clientId: string;
  /** `kind` defaults to `user`. */
  sender: UserRef & { kind?: SenderKind };
  text: string;
  cashtags: string[];
  /** User ids mentioned in the text (none when left out). */
  mentions?: string[];
  /** The quoted message, when this one is a reply. */
  replyTo?: ReplyRef;
  createdAt: Date;
}

export interface AppendResult {
  message: Message;
  /** False when `(room, sender, clientId)` was already stored: `message` is the original. */
  created: boolean;
}

/** A new text for a live message. */
export interface MessageEdit {
  text: string;
  cashtags: string[];
  editedAt: Date;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface UserInput {
  id: string;
  name: string;
  avatar?: string;
}

/**
 * The persistence port. Two adapters implement it (SQLite, mongoose) and one
 * contract suite (tests/server/store.contract.ts) holds both to it.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';

  upsertUser(user: UserInput): Promise<void>;
  getUsers(ids: string[]): Promise<User[]>;
  setLastSeen(userId: string, at: Date): Promise<void>;

  /** Creates the room if it does not exist; returns it either way (`created`: this call made it). */
  ensureRoom(room: {
    id: RoomId;
    kind: RoomKind;
    name: string;
    createdBy?: string;
  }): Promise<RoomRecord & { created?: boolean }>;
  getRoom(id: RoomId): Promise<RoomRecord | null>;
  addMembers(room: RoomId, userIds: string[]): Promise<void>;
  removeMember(room: RoomId, userId: string): Promise<void>;
  isMember(room: RoomId, userId: string): Promise<boolean>;
  memberCount(room: RoomId): Promise<number>;
  members(room: RoomId): Promise<string[]>;
  /**
   * A page of the rooms the user belongs to, most recently active first, with
   * read markers, member counts, newest message and (DMs) the peer's marker.
   * A page costs a fixed number of queries, never a few per room.
   */
  roomsOf(userId: string, page: { limit: number; after?: string }): Promise<RoomPage>;
  /** How many rooms of one kind the user belongs to (LIMIT_TICKER_ROOMS). */
  membershipCount(userId: string, kind: RoomKind): Promise<number>;
  /** Active rooms for the admin console, most recently active first. */
  listRooms(limit: number): Promise<RoomRecord[]>;

  /**
   * Stores a message with the room's next seq, durably, before resolving.
   * Idempotent on `(room, sender.id, clientId)`. A new message also moves the
   * sender's read marker to it (when the sender is a member): one's own message is read.
   */
  appendMessage(input: NewMessage): Promise<AppendResult>;
  /** Newest-first page before `beforeSeq` (exclusive), returned oldest first. */
  history(room: RoomId, beforeSeq: number | undefined, limit: number): Promise<MessagePage>;
  /** Messages with seq > afterSeq, oldest first. */
  since(room: RoomId, afterSeq: number, limit: number): Promise<MessagePage>;
  /** The message a sender stored with `clientId` in the room, or null (retries look it up). */
  findMessage(room: RoomId, senderId: string, clientId: string): Promise<Message | null>;
  /** One message (a tombstone once deleted), or null. */
  getMessage(room: RoomId, seq: number): Promise<Message | null>;
  /**
   * Replaces a live message's text and gives it the room's next rev; null when
   * the message does not exist or is deleted.
   */
  editMessage(room: RoomId, seq: number, edit: MessageEdit): Promise<Message | null>;
  /**
   * Turns a message into a tombstone (text `''`, no cashtags, seq kept) with the
   * room's next rev. Deleting a tombstone changes nothing and returns it; null when missing.
   */
  deleteMessage(
    room: RoomId,
    seq: number,
    by: 'sender' | 'moderator',
    at: Date,
  ): Promise<Message | null>;
  /**
   * Sets whether `userId` reacts to message `seq` with `emoji`. When that changes
   * anything (`changed`), the message gets new counts and the room's next rev;
   * null when the message does not exist or is deleted.
   */
  react(
    room: RoomId,
    seq: number,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<{ message: Message; changed: boolean } | null>;
  /** The emojis `userId` chose on these messages of `room` (messages without any are absent). */
  reactionsBy(room: RoomId, userId: string, seqs: number[]): Promise<Map<number, string[]>>;
  /** Messages with seq <= upToSeq whose rev is above afterRev, by rev ascending. */
  changedSince(
    room: RoomId,
    afterRev: number,
    upToSeq: number,
    limit: number,
  ): Promise<MessagePage>;

  /** Moves the user's read marker forward (never back); returns the marker now stored. */
  markRead(room: RoomId, userId: string, seq: number): Promise<number>;
  readSeq(room: RoomId, userId: string): Promise<number>;
  /** Read markers of several users in one room (missing users read 0). */
  readSeqs(room: RoomId, userIds: string[]): Promise<Map<string, number>>;

  /** Rejects with a `conflict` AppError when a request between the two is already pending. */
  createFriendRequest(from: string, to: string): Promise<FriendRequestRecord>;
  getFriendRequest(id: string): Promise<FriendRequestRecord | null>;
  /** Pending request between the two users, in either direction. */
  findFriendRequest(a: string, b: string): Promise<FriendRequestRecord | null>;
  acceptFriendRequest(id: string): Promise<FriendRequestRecord>;
  areFriends(a: string, b: string): Promise<boolean>;
  /** Removes the friendship (and any request between them); false when there was none. */
  removeFriend(a: string, b: string): Promise<boolean>;
  friendsOf(userId: string): Promise<string[]>;
  friendRequestsOf(
    userId: string,
  ): Promise<{ incoming: FriendRequestRecord[]; outgoing: FriendRequestRecord[] }>;

  /** Server API keys and their audit log. */
  readonly apiKeys: ApiKeyRepository;
  /** The webhook delivery queue: kept in the store so a restart loses none. */
  readonly webhooks: WebhookRepository;
  /** Reports, mutes, bans, blocks, room settings and the audit log. */
  readonly moderation: ModerationStore;
  /** Per-user room settings (mute) and the end of pending friend requests. */
  readonly people: PeopleRepository;

  /** Whether the store answers (for /health). */
  ping(): Promise<boolean>;
  /** Whether the last write failed (disk full, I/O error, database unreachable) and none succeeded since. */
  writesFailing(): boolean;
  close(): Promise<void>;
}

// ---- the server API (issue 12): API keys, their audit log, the webhook queue ----

/** What an API key may do: `publish` messages/broadcasts/quotes, `read` rooms, manage `users`, `moderate`. */
export type ApiScope = 'publish' | 'read' | 'users' | 'moderate';
export const API_SCOPES: readonly ApiScope[] = ['publish', 'read', 'users', 'moderate'];

/** A server API key as stored: only the SHA-256 of the secret is kept. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** Hex SHA-256 of the whole key. */
  hash: string;
  /** The key's first characters, to tell keys apart in listings. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** One call made with an API key. */
export interface ApiAuditEntry {
  keyId: string;
  keyName: string;
  method: string;
  path: string;
  status: number;
  at: string;
}

/** API keys and the audit of their calls. */
export interface ApiKeyRepository {
  create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'>): Promise<ApiKeyRecord>;
  /** The live (not revoked) key with this hash. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes by id or name; false when no live key matched. */
  revoke(idOrName: string): Promise<boolean>;
  audit(entry: ApiAuditEntry): Promise<void>;
  /** Newest first. */
  auditLog(limit: number): Promise<ApiAuditEntry[]>;
}

// The delivery record is the console's wire shape too: it lives in the protocol.
export type { WebhookDelivery, WebhookStatus } from '../../protocol/admin.js';

/** A webhook event the store queues itself, in the same transaction as the write it announces. */
export type OutboxEventType = 'message.created' | 'message.updated';

/**
 * The transactional outbox: set once at start when webhooks are on; the store then
 * writes a delivery for each stored/changed message in the same commit as the message
 * (SQLite; MongoDB right after it, see mongo-store.ts), so a crash cannot lose one.
 */
export interface WebhookOutbox {
  wants(type: OutboxEventType): boolean;
  /** The delivery row for one event: a fresh id and the exact body to sign. */
  envelope(
    type: OutboxEventType,
    data: { message: Message },
  ): Pick<WebhookDelivery, 'id' | 'type' | 'url' | 'body' | 'createdAt'>;
}

export interface WebhookRepository {
  /** Turns the transactional outbox on (null: off). */
  useOutbox(outbox: WebhookOutbox | null): void;
  enqueue(
    delivery: Pick<WebhookDelivery, 'id' | 'type' | 'url' | 'body' | 'createdAt'>,
  ): Promise<void>;
  /**
   * Takes up to `limit` pending deliveries due at `now` and pushes their next attempt
   * `leaseMs` ahead, so another process (or this one after a crash) retries them only
   * once the lease has passed.
   */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<WebhookDelivery[]>;
  /** Records an attempt: delivered, or retried at `retryAt`, or failed for good when `retryAt` is null. */
  settle(
    id: string,
    result: { ok: boolean; status: number | null; error: string | null; retryAt: Date | null },
  ): Promise<void>;
  /** Newest first, optionally only one status. */
  list(limit: number, status?: WebhookStatus): Promise<WebhookDelivery[]>;
  get(id: string): Promise<WebhookDelivery | null>;
  /** Makes a delivery pending again, due now; false when it does not exist. */
  redeliver(id: string): Promise<boolean>;
}

// ---- rooms and people (issue 11) ----

/** A member's own settings of a room, and withdrawing or declining a friend request. */
export interface PeopleRepository {
  /** Mutes or unmutes the room for one member; false (nothing changed) when not a member. */
  setMuted(room: RoomId, userId: string, muted: boolean): Promise<boolean>;
  /** The rooms among `rooms` the user muted (one query, whatever the count). */
  mutedAmong(userId: string, rooms: RoomId[]): Promise<Set<RoomId>>;
  /** Deletes a pending request; false when there is none with this id (or it was accepted). */
  deletePendingRequest(id: string): Promise<boolean>;
}
