/**
 * Delivery of own messages: each send carries a `clientId`, waits for the ack
 * with a timeout and leaves the outbox only once the server confirmed it. What
 * is still in the outbox is sent again, in order, after every (re)connect and
 * after a reload; the server dedupes on `clientId`, so nothing is doubled.
 */
import type { ErrorBody, Message } from '../../server/protocol.js';
import { askRaw } from './ack.js';
import type { ChatSocket } from './chat-connection.js';
import type { Outbox, OutboxEntry } from './outbox.js';

/** How long a send waits for its ack before it is shown as failed. */
export const ACK_TIMEOUT_MS = 10_000;

// Errors a later attempt can get past; the entry stays in the outbox for them.
const TRANSIENT = new Set(['unavailable', 'internal']);

/** How long the server asked a rate-limited sender to wait ("retry in 3 s"), 5 s if it did not say. */
export function retryDelayMs(error: ErrorBody): number {
  if (error.retryAfterMs) return Math.max(1000, Math.min(60_000, error.retryAfterMs));
  const seconds = /(\d+)\s*s\b/.exec(error.message)?.[1];
  return Math.max(1, Math.min(60, seconds ? Number(seconds) : 5)) * 1000;
}

export interface DeliveryCallbacks {
  /** The server stored the message (also when it had it already). */
  confirmed(message: Message): void;
  /** No ack in time, or a transient error (given): still queued, retried on reconnect. */
  stalled(entry: OutboxEntry, error?: ErrorBody): void;
  /** Rate limited: still queued, sent again by itself at `retryAt` (epoch ms). */
  waiting(entry: OutboxEntry, retryAt: number, error: ErrorBody): void;
  /** Refused for good (too large, forbidden…): taken out of the outbox. */
  rejected(entry: OutboxEntry, error: ErrorBody): void;
}

export class Delivery {
  private readonly inFlight = new Set<string>();
  private flushing: Promise<void> | null = null;

  constructor(
    readonly outbox: Outbox,
    private readonly socket: () => ChatSocket | null,
    private readonly on: DeliveryCallbacks,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  /** Queues a new message and tries to send it now. */
  enqueue(entry: OutboxEntry): Promise<void> {
    this.outbox.add(entry);
    return this.send(entry);
  }

  /** Sends every queued entry, oldest first, one at a time so order holds. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    // Yield first so `flushing` is set before any work (and its reset) happens.
    await Promise.resolve();
    for (const entry of this.outbox.list()) {
      if (!this.socket()?.connected) return;
      await this.send(entry);
    }
  }

  private async send(entry: OutboxEntry): Promise<void> {
    const socket = this.socket();
    // Offline: it stays queued and goes out with the next flush. Emitting now would
    // only sit in Socket.IO's buffer and race that flush.
    if (!socket?.connected || this.inFlight.has(entry.clientId)) return;
    this.inFlight.add(entry.clientId);
    try {
      const ack = await askRaw(
        socket,
        'send_message',
        {
          room: entry.room,
          text: entry.text,
          clientId: entry.clientId,
          ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
        },
        this.ackTimeoutMs,
      );
      if (ack.ok) {
        this.outbox.remove(entry.clientId);
        this.on.confirmed(ack.data.message);
      } else if (ack.error.code === 'rate_limited') {
        const delay = retryDelayMs(ack.error);
        this.on.waiting(entry, Date.now() + delay, ack.error);
        setTimeout(() => {
          if (this.outbox.has(entry.clientId)) void this.send(entry);
        }, delay);
      } else if (TRANSIENT.has(ack.error.code)) {
        this.on.stalled(entry, ack.error);
      } else {
        this.outbox.remove(entry.clientId);
        this.on.rejected(entry, ack.error);
      }
    } catch {
      this.on.stalled(entry);
    } finally {
      this.inFlight.delete(entry.clientId);
    }
  }
}
