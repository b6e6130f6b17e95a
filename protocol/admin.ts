/**
 * The `/admin` namespace and the moderation REST shapes: what the console and host tools rely on.
 * The chat protocol itself is in `./wire.ts`.
 */
import type {
  AckCallback,
  RoomId,
  RoomKind,
  User,
  UserRef,
  Message,
  ReportReason,
  NoticeEvent,
} from './wire.js';

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
  /** What the client sent as `auth.clientVersion` (`unknown` when nothing, as the widget). */
  clientVersion: string;
  /** The browser or runtime family from the User-Agent: `Chrome 131`, `Firefox 128 (mobile)`. */
  client: string;
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
  /** A user reported a message (their first report of it): the reports queue reloads. */
  report: (report: ReportNotice) => void;
}

/** A new report, as the consoles hear of it live. */
export interface ReportNotice {
  id: string;
  room: RoomId;
  seq: number;
  reason: ReportReason;
  createdAt: string;
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
  /** The reporters with their display names, in the order of `reporters`. */
  reportedBy: UserRef[];
  notes: string[];
  status: 'open' | 'resolved';
  firstAt: string;
  lastAt: string;
}

export type ResolveAction = 'dismiss' | 'delete' | 'mute' | 'ban';

export interface Mute {
  id: string;
  userId: string;
  /** The user's display name, in the lists of `/api/mod/mutes` (absent for a user never seen). */
  userName?: string;
  /** `null`: muted in every room. */
  room: RoomId | null;
  until: string;
  reason: string;
}

export interface Ban {
  userId: string;
  /** The user's display name, in the lists of `/api/mod/bans` (absent for a user never seen). */
  userName?: string;
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

/** `GET /api/mod/users/:userId`: one user as a moderator reviews them. */
export interface UserReview {
  user: User;
  /** When the server first saw the user (ISO 8601). */
  firstSeen: string | null;
  /** Their messages across rooms over the last day, newest first (tombstones included), at most 50. */
  messages: Message[];
  /** Mutes in force, in a room or everywhere. */
  mutes: Mute[];
  ban: Ban | null;
}

/** `POST /api/mod/users/:userId/purge`: the messages tombstoned, and their rooms. */
export interface PurgeResult {
  removed: number;
  rooms: RoomId[];
  /** True when more messages of the window remain (over the per-call cap): call again. */
  more: boolean;
}

// ---- webhooks (the console's deliveries list, /api/webhooks) ----

export type WebhookStatus = 'pending' | 'delivered' | 'failed';

/** One event for one webhook URL, kept until delivered (or given up on). */
export interface WebhookDelivery {
  /** The event id: the same on every retry and in the body. */
  id: string;
  type: string;
  url: string;
  /** The exact JSON body POSTed, so every retry signs the same bytes. */
  body: string;
  status: WebhookStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}
