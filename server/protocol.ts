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
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  until?: string;
  retryAfterMs?: number;
}

/** The one answer shape of every acknowledged client event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (answer: Ack<T>) => void;

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
  /** True when this user muted the room: no unread badge, no notifications. */
  muted?: boolean;
  lastMessage?: Message;
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
export interface MarkReadPayload {
  room: RoomId;
  seq: number;
}
export interface MarkReadData {
  room: RoomId;
  seq: number;
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
  report_message: (payload: ReportMessagePayload, ack: AckCallback<{ reportId: string }>) => void;
  block_user: (payload: BlockUserPayload, ack: AckCallback<BlockedData>) => void;
  unblock_user: (payload: BlockUserPayload, ack: AckCallback<BlockedData>) => void;
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

/** What the server keeps on each socket (`socket.data`). */
export interface SocketData {
  user: { id: string; name: string; avatar?: string; roles: string[]; expiresAt: number };
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

// ---- the /admin namespace ----

export type Transport = 'polling' | 'websocket' | 'webtransport';

/** One connected socket as the console's table shows it. */
export interface ConnectionInfo {
  id: string;
  user: UserRef;
  transport: Transport;
  origin: string;
  connectedAt: string;
  rooms: RoomId[];
  lastHeartbeat: string | null;
  rttMs: number | null;
  /** True when no heartbeat arrived within the expected interval. */
  missedHeartbeat: boolean;
  clientVersion: string;
  address: string;
  /** The server process holding the socket (its NODE_ID). */
  node: string;
}

export interface ConnectionsPage {
  items: ConnectionInfo[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RttHistogram {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  /** Upper bounds in ms and the count in each bucket. */
  buckets: { le: number; count: number }[];
}

/** One server process of the cluster, as the console's node panel shows it. */
export interface NodeInfo {
  id: string;
  uptimeSec: number;
  sockets: number;
  /** Worst event-loop delay over the last second. */
  eventLoopLagMs: number;
  version: string;
}

/** Aggregates the console refreshes live, over every node of the cluster. */
export interface Overview {
  version: string;
  uptimeSec: number;
  store: string;
  sockets: number;
  users: number;
  transports: Record<Transport, number>;
  upgrades: number;
  origins: Record<string, number>;
  missedHeartbeats: number;
  rtt: RttHistogram;
  disconnects: Record<string, number>;
  messagesTotal: number;
  /** Every node that answered, this one first. */
  nodes: NodeInfo[];
}

export interface RoomActivity {
  id: RoomId;
  kind: RoomKind;
  members: number;
  subscribers: number;
  messagesPerMinute: number;
  lastActivity: string | null;
  lastSeq: number;
}

/** A point of the live charts, one a second. */
export interface StatsPoint {
  t: number;
  sockets: number;
  messagesPerSec: number;
  ackLatencyP50: number;
  ackLatencyP99: number;
  eventLoopLagMs: number;
  /** Sockets whose heartbeat is overdue at this instant. */
  missedHeartbeats: number;
  /** Disconnects during this second, by reason. */
  disconnects: Record<string, number>;
}

/** Who the console is signed in as, sent by `/admin` on connect. */
export interface AdminSession {
  user: UserRef;
  roles: string[];
  /** False for the read-only `viewer` role: it may look, not disconnect or post notices. */
  canAct: boolean;
}

export interface RoomEvent {
  t: string;
  kind: 'message' | 'join' | 'leave' | 'notice';
  user: UserRef;
  text?: string;
}

export interface AdminAction {
  t: string;
  actor: UserRef;
  action: 'disconnect' | 'notice';
  target: string;
  detail?: string;
}

export interface AdminClientToServerEvents {
  overview: (payload: Record<string, never>, ack: AckCallback<Overview>) => void;
  connections: (
    payload: { page?: number; pageSize?: number; q?: string },
    ack: AckCallback<ConnectionsPage>,
  ) => void;
  rooms: (payload: Record<string, never>, ack: AckCallback<RoomActivity[]>) => void;
  room_events: (payload: { room: RoomId }, ack: AckCallback<RoomEvent[]>) => void;
  disconnect_socket: (payload: { id: string }, ack: AckCallback<{ id: string }>) => void;
  notice: (payload: { text: string; room?: RoomId }, ack: AckCallback<NoticeEvent>) => void;
}

export interface AdminServerToClientEvents {
  /** Sent once, right after the console connects. */
  session: (session: AdminSession) => void;
  /** The last ten minutes of points, sent once on connect so charts start full. */
  stats_history: (points: StatsPoint[]) => void;
  /** Pushed once a second to every console. */
  stats: (point: StatsPoint) => void;
  overview: (overview: Overview) => void;
  action: (action: AdminAction) => void;
}

// ---- moderation (REST under /api/mod; shapes the console and host tools rely on) ----

/** A page of a list; pass `nextCursor` back as `?cursor=` for the next one (null: the end). */
export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

/** The reports of one message, grouped for the queue. */
export interface ReportGroup {
  /** The id of the first report; `resolve` accepts any id of the group. */
  id: string;
  reportIds: string[];
  room: RoomId;
  seq: number;
  /** The reported message as it is now (a tombstone once deleted). */
  message: Message | null;
  /** Up to five messages before and after it, oldest first. */
  context: Message[];
  count: number;
  reasons: Partial<Record<ReportReason, number>>;
  reporters: string[];
  notes: string[];
  status: 'open' | 'resolved';
  firstAt: string;
  lastAt: string;
}

export type ResolveAction = 'dismiss' | 'delete' | 'mute' | 'ban';

export interface Mute {
  id: string;
  userId: string;
  /** `null`: muted in every room. */
  room: RoomId | null;
  until: string;
  reason: string;
}

export interface Ban {
  userId: string;
  /** `null`: until lifted. */
  until: string | null;
  reason: string;
}

export interface RoomSettings {
  room: RoomId;
  slowModeSec: number;
  readOnly: boolean;
}

/** One line of the audit log: every moderation and admin action, `actor` `auto` for rules. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
}
