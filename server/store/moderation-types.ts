import type { Message, ReportReason, RoomId, User } from '../../protocol/wire.js';
import type { AuditEntry, Ban, Mute, Paged, RoomSettings } from '../../protocol/admin.js';

/** One user's report of one message. */
export interface ReportRecord {
  id: string;
  room: RoomId;
  seq: number;
  /** Who wrote the reported message. */
  senderId: string;
  reporter: string;
  reason: ReportReason;
  note: string | null;
  status: 'open' | 'resolved';
  createdAt: string;
}

export interface NewReport {
  room: RoomId;
  seq: number;
  senderId: string;
  reporter: string;
  reason: ReportReason;
  note?: string;
  at: Date;
}

/** The reports of one message, as the store groups them (oldest report first). */
export interface ReportGroupRecord {
  room: RoomId;
  seq: number;
  senderId: string;
  reports: ReportRecord[];
}

export interface NewMute {
  userId: string;
  room: RoomId | null;
  until: Date;
  reason: string;
}

export interface NewBan {
  userId: string;
  until: Date | null;
  reason: string;
}

export interface BlockRecord {
  blocker: string;
  blocked: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
}

/**
 * The moderation records: reports, mutes, bans, blocks, room settings and the
 * audit log. Lists page with an opaque cursor; ids of audit entries sort by time.
 */
export interface ModerationStore {
  /** Stores a report; the same reporter on the same message gets the first one back (`created` false). */
  addReport(report: NewReport): Promise<{ report: ReportRecord; created: boolean }>;
  getReport(id: string): Promise<ReportRecord | null>;
  /** Report groups by status, the most recently reported message first. */
  reportGroups(
    status: 'open' | 'resolved',
    cursor: string | undefined,
    limit: number,
  ): Promise<Paged<ReportGroupRecord>>;
  /** Resolves every open report of a message; returns how many were open. */
  resolveReports(room: RoomId, seq: number): Promise<number>;
  /** Distinct users who reported messages of `senderId` in `room` since `since`. */
  reportersOf(senderId: string, room: RoomId, since: Date): Promise<number>;

  addMute(mute: NewMute): Promise<Mute>;
  /** One mute by id, expired or not; null when there is none. */
  getMute(id: string): Promise<Mute | null>;
  /** Lifts a mute; null when there was none with that id. */
  removeMute(id: string): Promise<Mute | null>;
  /** Mutes whose `until` is after `now`, soonest to end first. */
  activeMutes(now: Date, cursor?: string, limit?: number): Promise<Paged<Mute>>;

  /** Bans a user (a second ban replaces the first). */
  setBan(ban: NewBan): Promise<Ban>;
  /** Lifts a ban; false when there was none. */
  removeBan(userId: string): Promise<boolean>;
  /** Bans in force at `now` (no end, or ending after it), newest first. */
  activeBans(now: Date, cursor?: string, limit?: number): Promise<Paged<Ban>>;

  /** Adds a block (idempotent); returns everyone `blocker` blocks. */
  block(blocker: string, blocked: string): Promise<string[]>;
  unblock(blocker: string, blocked: string): Promise<string[]>;
  blockedBy(blocker: string): Promise<string[]>;
  /** Every block, for the in-memory state the send path reads. */
  allBlocks(): Promise<BlockRecord[]>;

  /** Changes a room's settings (only the fields given); null when the room does not exist. */
  updateRoomSettings(
    room: RoomId,
    settings: { slowModeSec?: number; readOnly?: boolean },
  ): Promise<RoomSettings | null>;

  /** Appends to the audit log and returns the entry with its id. */
  audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: Date }): Promise<AuditEntry>;
  /** The audit log, newest first, optionally filtered (exact match per field). */
  auditLog(
    filter: AuditFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Paged<AuditEntry>>;

  /** When the user was first seen (ISO 8601), or null for an unknown user. */
  firstSeen(userId: string): Promise<string | null>;

  /**
   * Users whose id is `query` or whose name starts with it (any case), the exact id
   * first, then by name; at most `limit`.
   */
  findUsers(query: string, limit: number): Promise<User[]>;
  /**
   * The messages the user `userId` (not a server sender of that id) stored at or
   * after `since`, in every room, newest first, tombstones included; at most `limit`.
   */
  messagesBy(userId: string, since: Date, limit: number): Promise<Message[]>;
}
