import mongoose from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { ReportReason } from '../../../protocol/wire.js';

const { Schema } = mongoose;
const options = {
  versionKey: false as const,
  writeConcern: { w: 'majority' as const, j: true },
  autoIndex: false,
};

export interface ReportDoc {
  _id: string;
  room: string;
  seq: number;
  senderId: string;
  reporter: string;
  reason: ReportReason;
  note: string | null;
  status: 'open' | 'resolved';
  createdAt: Date;
}
export interface MuteDoc {
  _id: string;
  userId: string;
  room: string | null;
  until: Date;
  reason: string;
}
export interface BanDoc {
  _id: string;
  until: Date | null;
  reason: string;
  createdAt: Date;
}
export interface BlockDoc {
  blocker: string;
  blocked: string;
  createdAt: Date;
}
export interface AuditDoc {
  _id: string;
  at: Date;
  actor: string;
  action: string;
  target: string;
  reason: string;
}

const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    senderId: { type: String, required: true },
    reporter: { type: String, required: true },
    reason: { type: String, enum: ['spam', 'abuse', 'manipulation', 'other'], required: true },
    note: { type: String, default: null },
    status: { type: String, enum: ['open', 'resolved'], required: true },
    createdAt: { type: Date, required: true },
  },
  options,
);
// One report per user per message.
reportSchema.index({ room: 1, seq: 1, reporter: 1 }, { unique: true });
reportSchema.index({ status: 1, createdAt: -1 });
reportSchema.index({ senderId: 1, room: 1, createdAt: 1 });

const muteSchema = new Schema<MuteDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    room: { type: String, default: null },
    until: { type: Date, required: true },
    reason: { type: String, default: '' },
  },
  options,
);
muteSchema.index({ until: 1 });

const banSchema = new Schema<BanDoc>(
  {
    _id: { type: String, required: true },
    until: { type: Date, default: null },
    reason: { type: String, default: '' },
    createdAt: { type: Date, required: true },
  },
  options,
);
banSchema.index({ createdAt: -1 });

const blockSchema = new Schema<BlockDoc>(
  {
    blocker: { type: String, required: true },
    blocked: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  options,
);
blockSchema.index({ blocker: 1, blocked: 1 }, { unique: true });

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    reason: { type: String, default: '' },
  },
  options,
);
auditSchema.index({ actor: 1, _id: -1 });
auditSchema.index({ action: 1, _id: -1 });
auditSchema.index({ target: 1, _id: -1 });

export interface ModerationModels {
  Report: Model<ReportDoc>;
  Mute: Model<MuteDoc>;
  Ban: Model<BanDoc>;
  Block: Model<BlockDoc>;
  Audit: Model<AuditDoc>;
}

/** Compiles the moderation models on one connection. */
export function createModerationModels(conn: Connection): ModerationModels {
  return {
    Report: conn.model<ReportDoc>('Report', reportSchema, 'reports'),
    Mute: conn.model<MuteDoc>('Mute', muteSchema, 'mutes'),
    Ban: conn.model<BanDoc>('Ban', banSchema, 'bans'),
    Block: conn.model<BlockDoc>('Block', blockSchema, 'blocks'),
    Audit: conn.model<AuditDoc>('Audit', auditSchema, 'auditLog'),
  };
}
