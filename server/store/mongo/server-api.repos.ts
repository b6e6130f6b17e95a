import type { Message } from '../../../protocol/wire.js';
import type {
  ApiAuditEntry,
  ApiKeyRecord,
  ApiKeyRepository,
  OutboxEventType,
  WebhookDelivery,
  WebhookOutbox,
  WebhookRepository,
  WebhookStatus,
} from '../types.js';
import type { ApiKeyDoc, ServerApiModels, WebhookDoc } from './server-api.models.js';

const toKey = (d: ApiKeyDoc): ApiKeyRecord => ({
  id: d._id,
  name: d.name,
  scopes: [...d.scopes],
  hash: d.hash,
  prefix: d.prefix,
  createdAt: d.createdAt.toISOString(),
  revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
});

const toDelivery = (d: WebhookDoc): WebhookDelivery => ({
  id: d._id,
  type: d.type,
  url: d.url,
  body: d.body,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt.toISOString(),
  nextAttemptAt: d.nextAttemptAt.toISOString(),
  lastStatus: d.lastStatus ?? null,
  lastError: d.lastError ?? null,
  deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
});

/** API keys in MongoDB: read on every call, so a key created elsewhere works at once. */
export class MongoApiKeys implements ApiKeyRepository {
  constructor(private readonly m: ServerApiModels) {}

  async create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'>): Promise<ApiKeyRecord> {
    const doc: ApiKeyDoc = {
      _id: key.id,
      name: key.name,
      scopes: [...key.scopes],
      hash: key.hash,
      prefix: key.prefix,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.m.ApiKey.insertOne(doc);
    return toKey(doc);
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const doc = await this.m.ApiKey.findOne({ hash, revokedAt: null }).lean();
    return doc ? toKey(doc) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const docs = await this.m.ApiKey.find().sort({ createdAt: 1, name: 1 }).lean();
    return docs.map(toKey);
  }

  async revoke(idOrName: string): Promise<boolean> {
    const { modifiedCount } = await this.m.ApiKey.updateMany(
      { $or: [{ _id: idOrName }, { name: idOrName }], revokedAt: null },
      { $set: { revokedAt: new Date() } },
    );
    return modifiedCount > 0;
  }

  async audit(entry: ApiAuditEntry): Promise<void> {
    await this.m.ApiAudit.insertOne({ ...entry, at: new Date(entry.at) });
  }

  async auditLog(limit: number): Promise<ApiAuditEntry[]> {
    const docs = await this.m.ApiAudit.find().sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      keyId: d.keyId,
      keyName: d.keyName,
      method: d.method,
      path: d.path,
      status: d.status,
      at: d.at.toISOString(),
    }));
  }
}

/** The webhook queue in MongoDB; each claim is one atomic findOneAndUpdate, so nodes never share one. */
export class MongoWebhooks implements WebhookRepository {
  private outbox: WebhookOutbox | null = null;

  constructor(private readonly m: ServerApiModels) {}

  useOutbox(outbox: WebhookOutbox | null): void {
    this.outbox = outbox;
  }

  /**
   * Right after the message write (no multi-document transaction: that needs a replica
   * set). The event id is derived from the message, so staging again when a client
   * retries a send (repeated clientId) is a no-op, or recovers one a crash lost.
   */
  async stage(type: OutboxEventType, message: Message): Promise<void> {
    if (this.outbox?.wants(type)) await this.enqueue(this.outbox.envelope(type, { message }));
  }

  async enqueue(
    d: Pick<WebhookDelivery, 'id' | 'type' | 'url' | 'body' | 'createdAt'>,
  ): Promise<void> {
    const createdAt = new Date(d.createdAt);
    await this.m.Webhook.updateOne(
      { _id: d.id },
      {
        $setOnInsert: {
          type: d.type,
          url: d.url,
          body: d.body,
          status: 'pending',
          attempts: 0,
          createdAt,
          nextAttemptAt: createdAt,
          lastStatus: null,
          lastError: null,
          deliveredAt: null,
        },
      },
      { upsert: true },
    );
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<WebhookDelivery[]> {
    const until = new Date(now.getTime() + leaseMs);
    const claimed: WebhookDelivery[] = [];
    while (claimed.length < limit) {
      const doc = await this.m.Webhook.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: until } },
        { sort: { nextAttemptAt: 1, createdAt: 1 }, returnDocument: 'before' },
      ).lean();
      if (!doc) break;
      claimed.push(toDelivery({ ...doc, nextAttemptAt: until }));
    }
    return claimed;
  }

  async settle(
    id: string,
    result: { ok: boolean; status: number | null; error: string | null; retryAt: Date | null },
  ): Promise<void> {
    const at = new Date();
    const status: WebhookStatus = result.ok ? 'delivered' : result.retryAt ? 'pending' : 'failed';
    await this.m.Webhook.updateOne(
      { _id: id },
      {
        $set: {
          status,
          lastStatus: result.status,
          lastError: result.error,
          nextAttemptAt: result.retryAt ?? at,
          deliveredAt: result.ok ? at : null,
        },
        $inc: { attempts: 1 },
      },
    );
  }

  async list(limit: number, status?: WebhookStatus): Promise<WebhookDelivery[]> {
    const docs = await this.m.Webhook.find(status ? { status } : {})
      .sort({ createdAt: -1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map(toDelivery);
  }

  async get(id: string): Promise<WebhookDelivery | null> {
    const doc = await this.m.Webhook.findById(id).lean();
    return doc ? toDelivery(doc) : null;
  }

  async redeliver(id: string): Promise<boolean> {
    const { matchedCount } = await this.m.Webhook.updateOne(
      { _id: id },
      { $set: { status: 'pending', nextAttemptAt: new Date() } },
    );
    return matchedCount > 0;
  }
}
