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
import { isDuplicateKey, toMessage } from './mappers.js';
import type { AuditDoc, BanDoc, MuteDoc, ReportDoc } from './moderation-models.js';
import type { Models } from './models.js';

const toReport = (d: ReportDoc): ReportRecord => ({
  id: d._id,
  room: d.room,
  seq: d.seq,
  senderId: d.senderId,
  reporter: d.reporter,
  reason: d.reason,
  note: d.note ?? null,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
});
const toMute = (d: MuteDoc): Mute => ({
  id: d._id,
  userId: d.userId,
  room: d.room ?? null,
  until: d.until.toISOString(),
  reason: d.reason,
});
const toBan = (d: BanDoc): Ban => ({
  userId: d._id,
  until: d.until ? d.until.toISOString() : null,
  reason: d.reason,
});
const toAudit = (d: AuditDoc): AuditEntry => ({
  id: d._id,
  at: d.at.toISOString(),
  actor: d.actor,
  action: d.action,
  target: d.target,
  reason: d.reason,
});

const offsetOf = (cursor: string | undefined) => {
  const n = cursor === undefined ? 0 : Number(cursor);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};
function page<T>(rows: T[], offset: number, limit: number): Paged<T> {
  const more = rows.length > limit;
  return { items: rows.slice(0, limit), nextCursor: more ? String(offset + limit) : null };
}
const ALL = 1_000_000;

/** MongoDB's moderation records (not run against a real MongoDB here: see the contract suite). */
export class MongoModeration implements ModerationStore {
  constructor(private readonly m: Models) {}

  async addReport(report: NewReport) {
    const key = { room: report.room, seq: report.seq, reporter: report.reporter };
    const doc: ReportDoc = {
      _id: sortableId(report.at.getTime()),
      ...key,
      senderId: report.senderId,
      reason: report.reason,
      note: report.note ?? null,
      status: 'open',
      createdAt: report.at,
    };
    try {
      await this.m.Report.insertOne(doc);
      return { report: toReport(doc), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.m.Report.findOne(key).lean();
      if (!existing) throw err;
      return { report: toReport(existing), created: false };
    }
  }

  async getReport(id: string) {
    const doc = await this.m.Report.findById(id).lean();
    return doc ? toReport(doc) : null;
  }

  async reportGroups(status: 'open' | 'resolved', cursor: string | undefined, limit: number) {
    const offset = offsetOf(cursor);
    const keys = await this.m.Report.aggregate<{ _id: { room: string; seq: number } }>([
      { $match: { status } },
      { $group: { _id: { room: '$room', seq: '$seq' }, last: { $max: '$createdAt' } } },
      { $sort: { last: -1, '_id.room': 1, '_id.seq': 1 } },
      { $skip: offset },
      { $limit: limit + 1 },
    ]);
    const groups: ReportGroupRecord[] = [];
    for (const { _id: k } of keys) {
      const docs = await this.m.Report.find({ room: k.room, seq: k.seq, status })
        .sort({ createdAt: 1, _id: 1 })
        .lean();
      const reports = docs.map(toReport);
      groups.push({ room: k.room, seq: k.seq, senderId: reports[0]!.senderId, reports });
    }
    return page(groups, offset, limit);
  }

  async resolveReports(room: RoomId, seq: number) {
    const { modifiedCount } = await this.m.Report.updateMany(
      { room, seq, status: 'open' },
      { $set: { status: 'resolved' } },
    );
    return modifiedCount;
  }

  async reportersOf(senderId: string, room: RoomId, since: Date) {
    const reporters = await this.m.Report.distinct('reporter', {
      senderId,
      room,
      createdAt: { $gte: since },
    });
    return reporters.length;
  }

  async addMute(mute: NewMute) {
    const doc: MuteDoc = {
      _id: sortableId(),
      userId: mute.userId,
      room: mute.room,
      until: mute.until,
      reason: mute.reason,
    };
    await this.m.Mute.insertOne(doc);
    return toMute(doc);
  }

  async getMute(id: string) {
    const doc = await this.m.Mute.findById(id).lean();
    return doc ? toMute(doc) : null;
  }

  async removeMute(id: string) {
    const doc = await this.m.Mute.findOneAndDelete({ _id: id }).lean();
    return doc ? toMute(doc) : null;
  }

  async activeMutes(now: Date, cursor?: string, limit = ALL) {
    const offset = offsetOf(cursor);
    const docs = await this.m.Mute.find({ until: { $gt: now } })
      .sort({ until: 1, _id: 1 })
      .skip(offset)
      .limit(limit + 1)
      .lean();
    return page(docs.map(toMute), offset, limit);
  }

  async setBan(ban: NewBan) {
    await this.m.Ban.updateOne(
      { _id: ban.userId },
      { $set: { until: ban.until, reason: ban.reason, createdAt: new Date() } },
      { upsert: true },
    );
    return {
      userId: ban.userId,
      until: ban.until ? ban.until.toISOString() : null,
      reason: ban.reason,
    };
  }

  async removeBan(userId: string) {
    const { deletedCount } = await this.m.Ban.deleteOne({ _id: userId });
    return deletedCount > 0;
  }

  async activeBans(now: Date, cursor?: string, limit = ALL) {
    const offset = offsetOf(cursor);
    const docs = await this.m.Ban.find({ $or: [{ until: null }, { until: { $gt: now } }] })
      .sort({ createdAt: -1, _id: 1 })
      .skip(offset)
      .limit(limit + 1)
      .lean();
    return page(docs.map(toBan), offset, limit);
  }

  async block(blocker: string, blocked: string) {
    try {
      await this.m.Block.updateOne(
        { blocker, blocked },
        { $setOnInsert: { createdAt: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.blockedBy(blocker);
  }

  async unblock(blocker: string, blocked: string) {
    await this.m.Block.deleteOne({ blocker, blocked });
    return this.blockedBy(blocker);
  }

  async blockedBy(blocker: string) {
    const docs = await this.m.Block.find({ blocker }, { blocked: 1 }).sort({ blocked: 1 }).lean();
    return docs.map((d) => d.blocked);
  }

  async allBlocks(): Promise<BlockRecord[]> {
    const docs = await this.m.Block.find({}, { blocker: 1, blocked: 1 }).lean();
    return docs.map((d) => ({ blocker: d.blocker, blocked: d.blocked }));
  }

  async updateRoomSettings(
    room: RoomId,
    settings: { slowModeSec?: number; readOnly?: boolean },
  ): Promise<RoomSettings | null> {
    const set: { slowModeSec?: number; readOnly?: boolean } = {};
    if (settings.slowModeSec !== undefined) set.slowModeSec = settings.slowModeSec;
    if (settings.readOnly !== undefined) set.readOnly = settings.readOnly;
    const doc = await this.m.Room.findOneAndUpdate(
      { _id: room },
      { $set: set },
      { returnDocument: 'after' },
    ).lean();
    return doc
      ? { room: doc._id, slowModeSec: doc.slowModeSec ?? 0, readOnly: doc.readOnly ?? false }
      : null;
  }

  async audit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: Date }) {
    const at = entry.at ?? new Date();
    const doc: AuditDoc = {
      _id: sortableId(at.getTime()),
      at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      reason: entry.reason,
    };
    await this.m.Audit.insertOne(doc);
    return toAudit(doc);
  }

  async auditLog(filter: AuditFilter, cursor: string | undefined, limit: number) {
    const query: Record<string, unknown> = {};
    if (cursor !== undefined) query._id = { $lt: cursor };
    if (filter.actor !== undefined) query.actor = filter.actor;
    if (filter.action !== undefined) query.action = filter.action;
    if (filter.target !== undefined) query.target = filter.target;
    const docs = await this.m.Audit.find(query)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean();
    const items = docs.slice(0, limit).map(toAudit);
    return { items, nextCursor: docs.length > limit ? items.at(-1)!.id : null };
  }

  async firstSeen(userId: string) {
    const doc = await this.m.User.findById(userId, { createdAt: 1 }).lean();
    return doc ? doc.createdAt.toISOString() : null;
  }

  async findUsers(query: string, limit: number): Promise<User[]> {
    const prefix = new RegExp(`^${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i');
    const docs = await this.m.User.find({ $or: [{ _id: query }, { name: prefix }] })
      .collation({ locale: 'en', strength: 2 })
      .sort({ name: 1 })
      .limit(limit)
      .lean();
    const exact = docs.findIndex((d) => d._id === query);
    if (exact > 0) docs.unshift(...docs.splice(exact, 1));
    return docs.map((d) => ({
      id: d._id,
      name: d.name,
      ...(d.avatar ? { avatar: d.avatar } : {}),
      ...(d.lastSeen ? { lastSeen: d.lastSeen.toISOString() } : {}),
    }));
  }

  async messagesBy(userId: string, since: Date, limit: number): Promise<Message[]> {
    // Messages stored before bots existed have no sender.kind: they are users'.
    const docs = await this.m.Message.find({
      'sender.id': userId,
      'sender.kind': { $nin: ['bot', 'system'] },
      createdAt: { $gte: since },
    })
      .sort({ createdAt: -1, seq: -1 })
      .limit(limit)
      .lean();
    return docs.map(toMessage);
  }
}
