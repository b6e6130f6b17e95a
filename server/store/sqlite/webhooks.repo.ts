import type Database from 'better-sqlite3';
import type { Message } from '../../../protocol/wire.js';
import type {
  OutboxEventType,
  WebhookDelivery,
  WebhookOutbox,
  WebhookRepository,
  WebhookStatus,
} from '../types.js';

interface DeliveryRow {
  id: string;
  url: string;
  type: string;
  body: string;
  status: WebhookStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  type: r.type,
  url: r.url,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
});

/** The webhook queue in the embedded store; a claim reads and leases in the write queue's IMMEDIATE transaction. */
export class SqliteWebhooks implements WebhookRepository {
  private readonly stmt;
  private readonly claim;
  private outbox: WebhookOutbox | null = null;

  constructor(
    db: Database.Database,
    private readonly write: <T>(job: () => T) => Promise<T>,
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO webhook_deliveries (id, url, type, body, status, created_at, next_attempt_at)
         VALUES (@id, @url, @type, @body, 'pending', @createdAt, @createdAt)
         ON CONFLICT(id) DO NOTHING`,
      ),
      due: db.prepare<[string, number], DeliveryRow>(
        `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, created_at LIMIT ?`,
      ),
      lease: db.prepare<[string, string]>(
        'UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?',
      ),
      settle: db.prepare(
        `UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1,
           last_status = @lastStatus, last_error = @lastError, next_attempt_at = @next,
           delivered_at = @deliveredAt
         WHERE id = @id`,
      ),
      list: db.prepare<[number], DeliveryRow>(
        'SELECT * FROM webhook_deliveries ORDER BY created_at DESC, id LIMIT ?',
      ),
      listStatus: db.prepare<[string, number], DeliveryRow>(
        'SELECT * FROM webhook_deliveries WHERE status = ? ORDER BY created_at DESC, id LIMIT ?',
      ),
      get: db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?'),
      redeliver: db.prepare<[string, string]>(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ?`,
      ),
    };
    this.claim = db.transaction((now: string, until: string, limit: number) => {
      const rows = this.stmt.due.all(now, limit);
      for (const r of rows) this.stmt.lease.run(until, r.id);
      return rows.map(toDelivery);
    });
  }

  useOutbox(outbox: WebhookOutbox | null): void {
    this.outbox = outbox;
  }

  /** Inside a write job: queues the event in the same transaction as the message write. */
  stage(type: OutboxEventType, message: Message): void {
    if (this.outbox?.wants(type)) this.stmt.insert.run(this.outbox.envelope(type, { message }));
  }

  async enqueue(
    d: Pick<WebhookDelivery, 'id' | 'type' | 'url' | 'body' | 'createdAt'>,
  ): Promise<void> {
    await this.write(() => this.stmt.insert.run(d));
  }

  claimDue(now: Date, leaseMs: number, limit: number): Promise<WebhookDelivery[]> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.write(() => this.claim(now.toISOString(), until, limit));
  }

  async settle(
    id: string,
    result: { ok: boolean; status: number | null; error: string | null; retryAt: Date | null },
  ): Promise<void> {
    const at = new Date().toISOString();
    const status: WebhookStatus = result.ok ? 'delivered' : result.retryAt ? 'pending' : 'failed';
    await this.write(() =>
      this.stmt.settle.run({
        id,
        status,
        lastStatus: result.status,
        lastError: result.error,
        next: result.retryAt?.toISOString() ?? at,
        deliveredAt: result.ok ? at : null,
      }),
    );
  }

  async list(limit: number, status?: WebhookStatus): Promise<WebhookDelivery[]> {
    const rows = status ? this.stmt.listStatus.all(status, limit) : this.stmt.list.all(limit);
    return rows.map(toDelivery);
  }

  async get(id: string): Promise<WebhookDelivery | null> {
    const row = this.stmt.get.get(id);
    return row ? toDelivery(row) : null;
  }

  async redeliver(id: string): Promise<boolean> {
    const at = new Date().toISOString();
    const { changes } = await this.write(() => this.stmt.redeliver.run(at, id));
    return changes > 0;
  }
}
