/**
 * The wire protocol between the server, the widget and the admin console: event
 * maps and payload types only, so `widget/` and `admin/` can import it with
 * `import type` and never pull server runtime code into their bundles.
 */

/** Every error an ack or a REST response can carry. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable'
  | 'internal'
  | 'muted'
  | 'banned'
  | 'spam';

/**
 * An error answer. Details may travel beside `code` and `message`: `until` (ISO 8601)
 * with `muted` (and a timed `banned`), `retryAfterMs` with `rate_limited`.
 */
/**
 * Which rule refused a send, so a client can say why in its own words: a room's
 * slow mode (`rate_limited`), or an automatic rule (`spam`).
 */
export type RefusalRule = 'slow_mode' | 'repeat' | 'cashtags' | 'link' | 'blocked_word';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  until?: string;
  retryAfterMs?: number;
  /** With `spam`, and with `rate_limited` from a room's slow mode: the rule that refused. */
  rule?: RefusalRule;
  /** The rule's number: slow mode's seconds, the most cashtags, a new account's minutes before links. */
  limit?: number;
}

/** The one answer shape of every acknowledged client event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (answer: Ack<T>) => void;

// ---- the model: rooms, users, messages (model.ts) ----

export type * from './model.js';
import type {
  RoomId,
  UserRef,
  User,
  Message,
  RoomSummary,
  PresenceStatus,
  FriendRequest,
} from './model.js';

// ---- client -> server payloads and ack data ----

export interface JoinChatPayload {
  room: RoomId;
}
export interface JoinChatData {
  room: RoomId;
  lastSeq: number;
  /** The room's newest revision: a client holding it has seen every change. */
  lastRev: number;
  readSeq: number;
  memberCount: number;
  /** Seconds between two messages of one user in this room (0: off). */
  slowModeSec: number;
  /** Only moderators post in a read-only room. */
  readOnly: boolean;
  /** ISO 8601 end of a mute that keeps this user from posting here; absent when not muted. */
  mutedUntil?: string;
  /** Whether this user may moderate the room (delete any message, mute, ban). */
  canModerate: boolean;
  /** Members of a ticker room with a socket subscribed to it now (0 for other rooms). */
  online: number;
  /** Whether this user muted the room (`mute_room`). */
  muted: boolean;
}
export interface LeaveChatPayload {
  room: RoomId;
}
export interface SendMessagePayload {
  room: RoomId;
  text: string;
  clientId: string;
  /** The seq of the message in the same room this one answers. */
  replyTo?: number;
}
export interface SendMessageData {
  message: Message;
}
export interface TypingPayload {
  room: RoomId;
  typing: boolean;
}
export interface PingPayload {
  t: number;
}
export interface PongData {
  t: number;
  serverTime: number;
}
export interface HistoryPayload {
  room: RoomId;
  beforeSeq?: number;
  limit?: number;
}
export interface MessagesPage {
  messages: Message[];
  hasMore: boolean;
}
export interface SyncPayload {
  /** `lastRev` also asks for messages up to `lastSeq` edited or deleted after that revision. */
  rooms: { room: RoomId; lastSeq: number; lastRev?: number }[];
  limit?: number;
}
export interface EditMessagePayload {
  room: RoomId;
  seq: number;
  text: string;
}
/** Adds (`on: true`) or takes back (`on: false`) the sender's reaction to message `seq`. */
export interface ReactPayload {
  room: RoomId;
  seq: number;
  emoji: string;
  on: boolean;
}
export interface DeleteMessagePayload {
  room: RoomId;
  seq: number;
}
/** The message as it is after an edit or a delete. */
export interface MessageData {
  message: Message;
}
export type ReportReason = 'spam' | 'abuse' | 'manipulation' | 'other';
export interface ReportMessagePayload {
  room: RoomId;
  seq: number;
  reason: ReportReason;
  note?: string;
}
export interface BlockUserPayload {
  userId: string;
}
export interface BlockedData {
  /** Every user the caller blocks, after the change. */
  blocked: string[];
}
export interface BlockedUsersData {
  /** Every user the caller blocks, with their display names, by name. */
  users: User[];
}
export interface MarkReadPayload {
  room: RoomId;
  seq: number;
}
export interface MarkReadData {
  room: RoomId;
  seq: number;
}
export interface MuteRoomPayload {
  room: RoomId;
  muted: boolean;
}
/** A member of a group or DM as `room_members` lists them. */
export interface Member extends User {
  status: PresenceStatus;
}
export interface RoomMembersData {
  room: RoomId;
  /** By name. */
  members: Member[];
}

export interface ClientToServerEvents {
  join_chat: (payload: JoinChatPayload, ack: AckCallback<JoinChatData>) => void;
  leave_chat: (payload: LeaveChatPayload, ack: AckCallback<{ room: RoomId }>) => void;
  send_message: (payload: SendMessagePayload, ack: AckCallback<SendMessageData>) => void;
  typing: (payload: TypingPayload) => void;
  ping: (payload: PingPayload, ack?: AckCallback<PongData>) => void;
  history: (payload: HistoryPayload, ack: AckCallback<MessagesPage>) => void;
  sync: (payload: SyncPayload, ack: AckCallback<MessagesPage>) => void;
  mark_read: (payload: MarkReadPayload, ack: AckCallback<MarkReadData>) => void;
  edit_message: (payload: EditMessagePayload, ack: AckCallback<MessageData>) => void;
  delete_message: (payload: DeleteMessagePayload, ack: AckCallback<MessageData>) => void;
  /** Answers the message with its reactions (and `mine`); a change goes out as `message_updated`. */
  react: (payload: ReactPayload, ack: AckCallback<MessageData>) => void;
  report_message: (payload: ReportMessagePayload, ack: AckCallback<{ reportId: string }>) => void;
  block_user: (payload: BlockUserPayload, ack: AckCallback<BlockedData>) => void;
  unblock_user: (payload: BlockUserPayload, ack: AckCallback<BlockedData>) => void;
  /** The users the caller blocks, with names, for a list with Unblock. */
  blocked_users: (payload: Record<string, never>, ack: AckCallback<BlockedUsersData>) => void;
  /** Mutes or unmutes a room for this user, on every device (no unread growth, no notification). */
  mute_room: (payload: MuteRoomPayload, ack: AckCallback<MuteRoomPayload>) => void;
  /** Who is in a group or DM, with display names, avatars and presence. */
  room_members: (payload: { room: RoomId }, ack: AckCallback<RoomMembersData>) => void;
}

// ---- server -> client ----

export interface TypingEvent {
  room: RoomId;
  user: UserRef;
  typing: boolean;
}
export interface PresenceEvent {
  user: UserRef;
  status: PresenceStatus;
  lastSeen: string;
}
export interface ReadEvent {
  room: RoomId;
  user: UserRef;
  seq: number;
}
export interface UnreadEvent {
  room: RoomId;
  count: number;
}
export interface FriendUpdateEvent {
  /** `accepted`: now friends; `removed`: friendship ended. */
  kind: 'accepted' | 'removed';
  friend: User;
  room: RoomId;
}
/** A message that mentions the user, sent to every socket of theirs. */
export interface MentionEvent {
  room: RoomId;
  message: Message;
}
/** A pending request that ended without a friendship: declined by `to` or cancelled by `from`. */
export interface FriendRequestClosedEvent {
  request: FriendRequest;
  reason: 'declined' | 'cancelled';
}
/** A ticker room's member and online counts (members with a socket subscribed now). */
export interface RoomCountsEvent {
  room: RoomId;
  members: number;
  online: number;
}
export interface NoticeEvent {
  id: string;
  text: string;
  room?: RoomId;
  from: UserRef;
  createdAt: string;
}

/** The newest price of a ticker, pushed by the host platform (`POST /api/server/quotes`). */
export interface Quote {
  /** Without the `$`: `AAPL`. Its room is `$AAPL`. */
  symbol: string;
  price: number;
  change: number;
  changePct: number;
  /** Epoch milliseconds of the price. */
  ts: number;
}

/**
 * A moderator muted this user (or a mute of theirs was lifted): `room` null for a mute
 * in every room; `until` null once lifted (the user may post again unless another
 * mute still holds, which the next notice or a refused send says).
 */
export interface MutedEvent {
  room: RoomId | null;
  until: string | null;
  reason: string;
}

/** A room's moderation settings, sent to the room when they change. */
export interface RoomSettingsEvent {
  room: RoomId;
  slowModeSec: number;
  readOnly: boolean;
}

export interface ServerToClientEvents {
  new_message: (message: Message) => void;
  /** The whole message after an edit, a delete (a tombstone) or a reaction change. */
  message_updated: (message: Message) => void;
  room_updated: (event: RoomSettingsEvent) => void;
  /** This user was muted (in one room or everywhere), or a mute of theirs was lifted. */
  muted: (event: MutedEvent) => void;
  typing: (event: TypingEvent) => void;
  presence: (event: PresenceEvent) => void;
  read: (event: ReadEvent) => void;
  unread: (event: UnreadEvent) => void;
  friend_request: (request: FriendRequest) => void;
  friend_update: (event: FriendUpdateEvent) => void;
  pong: (data: PongData) => void;
  notice: (notice: NoticeEvent) => void;
  /** A new message that `@`-mentions this user, in any room they may read. */
  mention: (event: MentionEvent) => void;
  /** A group room the user was just added to (its creator's other members learn of it live). */
  room_added: (room: RoomSummary) => void;
  /** This user left a ticker room (in any tab): it is no longer theirs; its events stop. */
  room_left: (event: { room: RoomId }) => void;
  /** This user muted or unmuted a room (in any tab or device). */
  room_muted: (event: MuteRoomPayload) => void;
  /** A ticker room's counts changed (at most one per room every couple of seconds). */
  room_counts: (event: RoomCountsEvent) => void;
  friend_request_closed: (event: FriendRequestClosedEvent) => void;
  /**
   * The ticker room's latest quote: sent right after joining it, then (volatile, at
   * most once a second per symbol) whenever the host pushes a newer one.
   */
  quote: (quote: Quote) => void;
  /** Sent just before the server disconnects a socket whose token expired: refresh and reconnect. */
  session_expired: (event: { reason: 'token expired' }) => void;
  /**
   * Sent just before a server that is shutting down (deploy, restart) closes the
   * connection: reconnect (the client library does it by itself) and `sync`.
   */
  server_shutdown: (event: { reason: 'shutdown'; message: string }) => void;
}

/**
 * Why a socket ended, as the admin console groups them. `token_expired` is also
 * sent to the client as the `connect_error`/disconnect reason it can act on.
 */
export type DisconnectReason =
  | 'ping timeout'
  | 'transport close'
  | 'transport error'
  | 'client namespace disconnect'
  | 'server namespace disconnect'
  | 'server kick'
  | 'banned'
  | 'token expired'
  | 'server shutting down'
  | 'parse error'
  | 'forced close'
  | 'forced server close';
