import { createHash, randomUUID } from 'node:crypto';
import type { WebhookConfig, WebhookEventType } from '../config.js';
import type { Logger } from '../logger.js';
import type { Message } from '../../protocol/wire.js';
import type { OutboxEventType, WebhookOutbox, WebhookRepository } from '../store/types.js';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from './signature.js';

/** The body of every webhook POST. `id` stays the same on every retry of one event. */
export interface WebhookBody<T = unknown> {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: T;
}

/** A UUID-shaped id that is a hash of `key`. */
function eventId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const MAX_BACKOFF_MS = 3_600_000;
const POLL_MS = 1_000;
const BATCH = 20;

/**
 * At-least-once webhook delivery from a queue kept in the store. An event is
 * written to the queue before anything is sent; a worker claims due deliveries
 * with a lease (so a crash mid-delivery only delays them until the lease ends,
 * and two servers never send one at the same time), POSTs them signed, and
 * settles each as delivered or retried with exponential backoff.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly queue: WebhookRepository,
    private readonly config: WebhookConfig,
    private readonly log: Logger,
  ) {}

  /** Starts polling the queue (deliveries left by an earlier run are picked up at once). */
  start(): void {
    this.kick();
  }

  /**
   * What the store writes in the message's own transaction (see WebhookOutbox). The
   * event id is derived from the message id and revision, so the same change always
   * has the same id, even if it is staged twice.
   */
  outbox(): WebhookOutbox {
    const { url, events } = this.config;
    return {
      wants: (type) => events.includes(type),
      envelope: (type: OutboxEventType, data: { message: Message }) => {
        const id = eventId(`${type}/${data.message.id}/${data.message.rev}`);
        const body: WebhookBody = { id, type, createdAt: new Date().toISOString(), data };
        return { id, type, url, body: JSON.stringify(body), createdAt: body.createdAt };
      },
    };
  }

  /** Queues one event if the subscription wants its type; resolves once it is in the store. */
  async enqueue<T>(type: WebhookEventType, data: T): Promise<void> {
    if (this.closed || !this.config.events.includes(type)) return;
    const body: WebhookBody<T> = {
      id: randomUUID(),
      type,
      createdAt: new Date().toISOString(),
      data,
    };
    await this.queue.enqueue({
      id: body.id,
      type,
      url: this.config.url,
      body: JSON.stringify(body),
      createdAt: body.createdAt,
    });
    this.kick();
  }

  /** Runs a pass now (or right after the one under way). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pass()
      .catch((err: unknown) => this.log.error({ err }, 'webhook pass failed'))
      .finally(() => {
        this.running = null;
        if (this.closed) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), POLL_MS);
      });
  }

  private async pass(): Promise<void> {
    // The lease outlives one attempt, so a slow receiver is never sent the same event twice at once.
    const lease = this.config.timeoutMs + 2_000;
    for (;;) {
      const due = await this.queue.claimDue(new Date(), lease, BATCH);
      if (due.length === 0) return;
      await Promise.all(due.map((d) => this.attempt(d.id, d.body, d.attempts)));
      if (due.length < BATCH || this.closed) return;
    }
  }

  private async attempt(id: string, body: string, attempts: number): Promise<void> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const abort = new AbortController();
    this.inflight.add(abort);
    const timeout = setTimeout(() => abort.abort(), this.config.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'stock-chat-webhooks',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: sign(this.config.secret, timestamp, body),
        },
        body,
        signal: abort.signal,
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = abort.signal.aborted ? 'timed out' : err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
      this.inflight.delete(abort);
    }
    if (this.closed && error) return; // Shutting down: the lease hands it to the next run.
    const ok = error === null;
    const tries = attempts + 1;
    const retryAt =
      ok || tries >= this.config.maxAttempts
        ? null
        : new Date(
            Date.now() + Math.min(this.config.retryBaseMs * 2 ** (tries - 1), MAX_BACKOFF_MS),
          );
    if (!ok) this.log.warn({ id, status, error, attempt: tries }, 'webhook delivery failed');
    await this.queue.settle(id, { ok, status, error, retryAt });
  }

  /** Stops polling and waits for the pass under way; unfinished deliveries stay queued. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const abort of this.inflight) abort.abort();
    await this.running;
  }
}
