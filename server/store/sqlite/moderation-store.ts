import type Database from 'better-sqlite3';
import type { Message, RoomId, User } from '../../../protocol/wire.js';
import type { AuditEntry, Ban, Mute, Paged, RoomSettings } from '../../../protocol/admin.js';
import { sortableId } from '../ids.js';
import type {
  AuditFilter,
  BlockRecord,
  ModerationStore,
  NewBan,
  NewMute,
  NewReport,
  ReportGroupRecord,
  ReportRecord,
} from '../moderation-types.js';
import { toMessage, type MessageRow, type UserRow } from './rows.js';

interface ReportRow {
  id: string;
  room: string;
  seq: number;
  sender_id: string;
  reporter: string;
  reason: ReportRecord['reason'];
  note: string | null;
  status: ReportRecord['status'];
  created_at: string;
}
interface MuteRow {
  id: string;
  user_id: string;
  room: string | null;
  until: string;
  reason: string;
}
interface BanRow {
  user_id: string;
  until: string | null;
  reason: string;
}

const toReport = (r: ReportRow): ReportRecord => ({
  id: r.id,
  room: r.room,
  seq: r.seq,
  senderId: r.sender_id,
  reporter: r.reporter,
  reason: r.reason,
  note: r.note,
  status: r.status,
  createdAt: r.created_at,
});
const toMute = (r: MuteRow): Mute => ({
  id: r.id,
  userId: r.user_id,
  room: r.room,
  until: r.until,
  reason: r.reason,
});
const toBan = (r: BanRow): Ban => ({ userId: r.user_id, until: r.until, reason: r.reason });

/** Offset cursors for the short moderation lists: the number of items already returned. */
const offsetOf = (cursor: string | undefined) => {
  const n = cursor === undefined ? 0 : Number(cursor);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};
function page<T>(rows: T[], offset: number, limit: number): Paged<T> {
  const more = rows.length > limit;
  return { items: rows.slice(0, limit), nextCursor: more ? String(offset + limit) : null };
}
const ALL = 1_000_000;

function prepare(db: Database.Database) {
  return {
    insertReport: db.prepare(
      `INSERT INTO reports (id, room, seq, sender_id, reporter, reason, note, created_at)
       VALUES (@id, @room, @seq, @sender_id, @reporter, @reason, @note, @created_at)
       ON CONFLICT (room, seq, reporter) DO NOTHING`,
    ),
    reportOf: db.prepare<[string, number, string], ReportRow>(
      'SELECT * FROM reports WHERE room = ? AND seq = ? AND reporter = ?',
    ),
    getReport: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE id = ?'),
    groups: db.prepare<[string, number, number], { room: string; seq: number }>(
      `SELECT room, seq, max(created_at) AS last FROM reports WHERE status = ?
       GROUP BY room, seq ORDER BY last DESC, room, seq LIMIT ? OFFSET ?`,
    ),
    groupReports: db.prepare<[string, number, string], ReportRow>(
      'SELECT * FROM reports WHERE room = ? AND seq = ? AND status = ? ORDER BY created_at, id',
    ),
    resolve: db.prepare<[string, number]>(
      "UPDATE reports SET status = 'resolved' WHERE room = ? AND seq = ? AND status = 'open'",
    ),
    reporters: db.prepare<[string, string, string], { n: number }>(
      `SELECT count(DISTINCT reporter) AS n FROM reports
       WHERE sender_id = ? AND room = ? AND created_at >= ?`,
    ),
    insertMute: db.prepare(
      'INSERT INTO mutes (id, user_id, room, until, reason) VALUES (?, ?, ?, ?, ?)',
    ),
    getMute: db.prepare<[string], MuteRow>('SELECT * FROM mutes WHERE id = ?'),
    deleteMute: db.prepare<[string]>('DELETE FROM mutes WHERE id = ?'),
    activeMutes: db.prepare<[string, number, number], MuteRow>(
      'SELECT * FROM mutes WHERE until > ? ORDER BY until, id LIMIT ? OFFSET ?',
    ),
    upsertBan: db.prepare(
      `INSERT INTO bans (user_id, until, reason, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason,
       created_at = excluded.created_at`,
    ),
    deleteBan: db.prepare<[string]>('DELETE FROM bans WHERE user_id = ?'),
    activeBans: db.prepare<[string, number, number], BanRow>(
      `SELECT * FROM bans WHERE until IS NULL OR until > ?
       ORDER BY created_at DESC, user_id LIMIT ? OFFSET ?`,
    ),
    block: db.prepare(
      'INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    unblock: db.prepare<[string, string]>('DELETE FROM blocks WHERE blocker = ? AND blocked = ?'),
    blockedBy: db.prepare<[string], { blocked: string }>(
      'SELECT blocked FROM blocks WHERE blocker = ? ORDER BY blocked',
    ),
    allBlocks: db.prepare<[], BlockRecord>('SELECT blocker, blocked FROM blocks'),
    roomSettings: db.prepare<
      [number | null, number | null, string],
      { id: string; slow_mode_sec: number; read_only: number }
    >(
      `UPDATE rooms SET slow_mode_sec = coalesce(?, slow_mode_sec), read_only = coalesce(?, read_only)
       WHERE id = ? RETURNING id, slow_mode_sec, read_only`,
    ),
    audit: db.prepare(
      'INSERT INTO audit_log (id, at, actor, action, target, reason) VALUES (@id, @at, @actor, @action, @target, @reason)',
    ),
    auditLog: db.prepare<Record<string, string | number | null>, AuditEntry>(
      `SELECT * FROM audit_log WHERE (@cursor IS NULL OR id < @cursor)
       AND (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action)
       AND (@target IS NULL OR target = @target) ORDER BY id DESC LIMIT @limit`,
    ),
    firstSeen: db.prepare<[string], { created_at: string }>(
      'SELECT created_at FROM users WHERE id = ?',
    ),
    findUsers: db.prepare<{ q: string; prefix: string; limit: number }, UserRow>(
      `SELECT id, name, avatar, last_seen FROM users
       WHERE id = @q OR name LIKE @prefix ESCAPE '\\'
       ORDER BY id = @q DESC, name COLLATE NOCASE LIMIT @limit`,
    ),
    messagesBy: db.prepare<[string, string, number], MessageRow>(
      `SELECT * FROM messages WHERE sender_id = ? AND sender_kind = 'user' AND created_at >= ?
       ORDER BY created_at DESC, seq DESC LIMIT ?`,
    ),
  };
}

/** The embedded store's moderation records; each write is one small autocommit statement. */
export class SqliteModeration implements ModerationStore {
  private readonly stmt: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    /** Resolves once the writes so far are on disk; every write awaits it before answering. */
    private readonly durable: () => Promise<void>,
  ) {
    this.stmt = prepare(db);
  }

  async addReport(report: NewReport) {
    const id = sortableId(report.at.getTime());
    const created =
      this.stmt.insertReport.run({
        id,
        room: report.room,
        seq: report.seq,
        sender_id: report.senderId,
        reporter: report.reporter,
        reason: report.reason,
        note: report.note ?? null,
        created_at: report.at.toISOString(),
      }).changes > 0;
    await this.durable();
    const row = this.stmt.reportOf.get(report.room, report.seq, report.reporter)!;
    return { report: toReport(row), created };
  }

  async getReport(id: string) {
    const row = this.stmt.getReport.get(id);
    return row ? toReport(row) : null;
  }

  async reportGroups(status: 'open' | 'resolved', cursor: string | undefined, limit: number) {
    const offset = offsetOf(cursor);
    const keys = this.stmt.groups.all(status, limit + 1, offset);
    const groups = keys.map((k): ReportGroupRecord => {
      const reports = this.stmt.groupReports.all(k.room, k.seq, status).map(toReport);
      return { room: k.room, seq: k.seq, senderId: reports[0]!.senderId, reports };
    });
    return page(groups, offset, limit);
  }

  async resolveReports(room: RoomId, seq: number) {
    const { changes } = this.stmt.resolve.run(room, seq);
    await this.durable();
    return changes;
  }

  async reportersOf(senderId: string, room: RoomId, since: Date) {
    return this.stmt.reporters.get(senderId, room, since.toISOString())?.n ?? 0;
  }

  async addMute(mute: NewMute) {
    const id = sortableId();
    const until = mute.until.toISOString();
    this.stmt.insertMute.run(id, mute.userId, mute.room, until, mute.reason);
    await this.durable();
    return { id, userId: mute.userId, room: mute.room, until, reason: mute.reason };
  }

  async getMute(id: string) {
    const row = this.stmt.getMute.get(id);
    return row ? toMute(row) : null;
  }

  async removeMute(id: string) {
    const row = this.stmt.getMute.get(id);
    if (!row) return null;
    this.stmt.deleteMute.run(id);
    await this.durable();
    return toMute(row);
  }

  async activeMutes(now: Date, cursor?: string, limit = ALL) {
    const offset = offsetOf(cursor);
    const rows = this.stmt.activeMutes.all(now.toISOString(), limit + 1, offset);
    return page(rows.map(toMute), offset, limit);
  }

  async setBan(ban: NewBan) {
    const until = ban.until ? ban.until.toISOString() : null;
    this.stmt.upsertBan.run(ban.userId, until, ban.reason, new Date().toISOString());
    await this.durable();
    return { userId: ban.userId, until, reason: ban.reason };
  }

  async removeBan(userId: string) {
    const { changes } = this.stmt.deleteBan.run(userId);
    await this.durable();
    return changes > 0;
  }

  async activeBans(now: Date, cursor?: string, limit = ALL) {
    const offset = offsetOf(cursor);
    const rows = this.stmt.activeBans.all(now.toISOString(), limit + 1, offset);
    return page(rows.map(toBan), offset, limit);
  }

  async block(blocker: string, blocked: string) {
    this.stmt.block.run(blocker, blocked, new Date().toISOString());
    await this.durable();
    return this.blockedBy(blocker);
  }

  async unblock(blocker: string, blocked: string) {
    this.stmt.unblock.run(blocker, blocked);
    await this.durable();
    return this.blockedBy(blocker);
  }

  async blockedBy(blocker: string) {
    return this.stmt.blockedBy.all(blocker).map((r) => r.blocked);
  }

  async allBlocks() {
    return this.stmt.allBlocks.all();
  }

  async updateRoomSettings(
    room: RoomId,
    settings: { slowModeSec?: number; readOnly?: boolean },
  ): Promise<RoomSettings | null> {
    const readOnly = settings.readOnly === undefined ? null : settings.readOnly ? 1 : 0;
    const row = this.stmt.roomSettings.get(settings.slowModeSec ?? null, readOnly, room);
    await this.durable();
    return row
      ? { room: row.id, slowModeSec: row.slow_mode_sec, readOnly: row.read_only === 1 }
      : null;
  }

  async audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: Date }) {
    const at = entry.at ?? new Date();
    const stored: AuditEntry = {
      id: sortableId(at.getTime()),
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      reason: entry.reason,
    };
    this.stmt.audit.run(stored);
    await this.durable();
    return stored;
  }

  async auditLog(filter: AuditFilter, cursor: string | undefined, limit: number) {
    const rows = this.stmt.auditLog.all({
      cursor: cursor ?? null,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      target: filter.target ?? null,
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return { items, nextCursor: more ? items.at(-1)!.id : null };
  }

  async firstSeen(userId: string) {
    return this.stmt.firstSeen.get(userId)?.created_at ?? null;
  }

  async findUsers(query: string, limit: number): Promise<User[]> {
    const prefix = `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.stmt.findUsers.all({ q: query, prefix, limit }).map((r) => ({
      id: r.id,
      name: r.name,
      ...(r.avatar ? { avatar: r.avatar } : {}),
      ...(r.last_seen ? { lastSeen: r.last_seen } : {}),
    }));
  }

  async messagesBy(userId: string, since: Date, limit: number): Promise<Message[]> {
    return this.stmt.messagesBy.all(userId, since.toISOString(), limit).map(toMessage);
  }
}
