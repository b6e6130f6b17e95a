/**
 * Delivery of own messages: each send carries a `clientId`, waits for the ack
 * with a timeout and leaves the outbox only once the server confirmed it. The
 * outbox goes out in order, one message at a time, after every (re)connect, after
 * a reload and after a rate limit's wait; the server dedupes on `clientId`, so
 * nothing is doubled.
 */
import type { ErrorBody, Message } from '../../protocol/wire.js';
import { askRaw } from './ack.js';
import { clock } from './clock.js';
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

/** What one send left the queue to do next. */
type Outcome = 'next' | 'hold';

/**
 * Sends the outbox strictly in order, one message at a time: a message the
 * server holds back (rate limited, or no ack yet) holds every later one behind
 * it, so a burst of quick Enters is stored in the order it was typed.
 */
export class Delivery {
  private pumping: Promise<void> | null = null;
  private again = false;
  private holdUntil = 0;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly outbox: Outbox,
    private readonly socket: () => ChatSocket | null,
    private readonly on: DeliveryCallbacks,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  /** Queues a new message and sends it once everything before it has gone. */
  enqueue(entry: OutboxEntry): Promise<void> {
    this.outbox.add(entry);
    return this.flush();
  }

  /** Sends every queued entry, oldest first; resolves when the queue is empty or held. */
  flush(): Promise<void> {
    this.again = true;
    if (!this.pumping) {
      this.pumping = this.pump().finally(() => {
        this.pumping = null;
      });
    }
    return this.pumping;
  }

  /** Stops the rate-limit timer (the element left the page or signed out). */
  stop(): void {
    clearTimeout(this.holdTimer);
  }

  private async pump(): Promise<void> {
    // Yield first so `pumping` is set before any work (and its reset) happens.
    await Promise.resolve();
    while (this.again) {
      this.again = false;
      for (const entry of this.outbox.list()) {
        if (clock.now() < this.holdUntil || !this.socket()?.connected) return;
        if ((await this.send(entry)) === 'hold') return;
      }
    }
  }

  private async send(entry: OutboxEntry): Promise<Outcome> {
    const socket = this.socket();
    // Offline: it stays queued and goes out with the next flush.
    if (!socket?.connected) return 'hold';
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
        return 'next';
      }
      if (ack.error.code === 'rate_limited') {
        const delay = retryDelayMs(ack.error);
        this.holdUntil = clock.now() + delay;
        this.on.waiting(entry, this.holdUntil, ack.error);
        clearTimeout(this.holdTimer);
        this.holdTimer = setTimeout(() => {
          this.holdUntil = 0;
          void this.flush();
        }, delay);
        return 'hold';
      }
      if (TRANSIENT.has(ack.error.code)) {
        this.on.stalled(entry, ack.error);
        return 'hold';
      }
      this.outbox.remove(entry.clientId);
      this.on.rejected(entry, ack.error);
      return 'next';
    } catch {
      this.on.stalled(entry);
      return 'hold';
    }
  }
}
