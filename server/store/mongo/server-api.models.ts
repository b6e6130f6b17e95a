import mongoose from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { ApiScope, WebhookStatus } from '../types.js';

const { Schema } = mongoose;

const options = {
  versionKey: false as const,
  writeConcern: { w: 'majority' as const, j: true },
  autoIndex: false,
};

export interface ApiKeyDoc {
  _id: string;
  name: string;
  scopes: ApiScope[];
  hash: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface ApiAuditDoc {
  keyId: string;
  keyName: string;
  method: string;
  path: string;
  status: number;
  at: Date;
}

export interface WebhookDoc {
  _id: string;
  type: string;
  url: string;
  body: string;
  status: WebhookStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    scopes: { type: [String], required: true },
    hash: { type: String, required: true },
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  options,
);
apiKeySchema.index({ hash: 1 }, { unique: true });

const apiAuditSchema = new Schema<ApiAuditDoc>(
  {
    keyId: { type: String, required: true },
    keyName: { type: String, required: true },
    method: { type: String, required: true },
    path: { type: String, required: true },
    status: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  options,
);
apiAuditSchema.index({ at: -1 });

const webhookSchema = new Schema<WebhookDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    url: { type: String, required: true },
    body: { type: String, required: true },
    status: { type: String, enum: ['pending', 'delivered', 'failed'], required: true },
    attempts: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    nextAttemptAt: { type: Date, required: true },
    lastStatus: { type: Number, default: null },
    lastError: { type: String, default: null },
    deliveredAt: { type: Date, default: null },
  },
  options,
);
webhookSchema.index({ status: 1, nextAttemptAt: 1 });
webhookSchema.index({ createdAt: -1 });

export interface ServerApiModels {
  ApiKey: Model<ApiKeyDoc>;
  ApiAudit: Model<ApiAuditDoc>;
  Webhook: Model<WebhookDoc>;
}

/** The server API's models on one connection; their indexes are created with the others'. */
export function createServerApiModels(conn: Connection): ServerApiModels {
  return {
    ApiKey: conn.model<ApiKeyDoc>('ApiKey', apiKeySchema, 'apiKeys'),
    ApiAudit: conn.model<ApiAuditDoc>('ApiAudit', apiAuditSchema, 'apiAudit'),
    Webhook: conn.model<WebhookDoc>('Webhook', webhookSchema, 'webhookDeliveries'),
  };
}
