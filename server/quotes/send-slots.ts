import type { RedisClientType } from 'redis';

/** A symbol's current send slot: the quote time sent in it and when it ends (epoch ms). */
export interface Slot {
  sentTs: number;
  until: number;
}

/**
 * Who may send a symbol's next quote. A slot lasts one interval; while it lasts
 * nobody else sends that symbol, so the room hears at most one quote per interval.
 */
export interface SendSlots {
  /** Takes the symbol's slot for a quote of time `ts`: null when taken (send it), else the slot in the way. */
  take(symbol: string, ts: number, now: number, intervalMs: number): Promise<Slot | null>;
}

/** One process: a Map of the slots in force. */
export class MemorySendSlots implements SendSlots {
  private readonly slots = new Map<string, Slot>();

  async take(symbol: string, ts: number, now: number, intervalMs: number): Promise<Slot | null> {
    return this.takeNow(symbol, ts, now, intervalMs);
  }

  /** The same, synchronously (the fallback while Redis is unreachable). */
  takeNow(symbol: string, ts: number, now: number, intervalMs: number): Slot | null {
    const held = this.slots.get(symbol);
    if (held && held.until > now) return held;
    this.slots.set(symbol, { sentTs: ts, until: now + intervalMs });
    if (this.slots.size > 10_000) this.prune(now);
    return null;
  }

  private prune(now: number): void {
    for (const [symbol, slot] of this.slots) if (slot.until <= now) this.slots.delete(symbol);
  }
}

const PREFIX = 'stock-chat:quote-slot:';

/**
 * Every node: one Redis key per symbol, `SET NX PX` (atomic, so of two nodes
 * racing for a slot exactly one wins), expiring with the slot. Its value says
 * what was sent and until when, so a node that lost knows whether its quote is
 * already out and when to try again. `GET` on the same command returns it.
 */
export class RedisSendSlots implements SendSlots {
  constructor(private readonly client: RedisClientType) {}

  async take(symbol: string, ts: number, now: number, intervalMs: number): Promise<Slot | null> {
    const held = await this.client.sendCommand<string | null>([
      'SET',
      PREFIX + symbol,
      `${ts}:${now + intervalMs}`,
      'NX',
      'PX',
      String(intervalMs),
      'GET',
    ]);
    if (held === null) return null;
    const [sentTs, until] = held.split(':').map(Number);
    // An unreadable value (not ours): wait out one interval, as if it were a slot.
    return Number.isFinite(sentTs) && Number.isFinite(until)
      ? { sentTs, until }
      : { sentTs: 0, until: now + intervalMs };
  }
}
