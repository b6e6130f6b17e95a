import { percentile } from '../../protocol/percentile.js';
import type { DomainEvent } from '../domain/events.js';
import type { Message, UserRef } from '../../protocol/wire.js';
import type { RoomEvent } from '../../protocol/admin.js';

const SECONDS = 600;
const ROOM_EVENTS = 50;

interface Second {
  t: number;
  messages: number;
  acks: number[];
}

/**
 * Rolling activity for the admin console: messages and ack latencies per second
 * over the last ten minutes, messages per room per minute, and each room's recent
 * events. Everything is bounded; the hot path only appends.
 */
export class ActivityTracker {
  private readonly seconds: Second[] = [];
  private readonly roomMinutes = new Map<string, { minute: number; count: number; prev: number }>();
  private readonly roomEvents = new Map<string, RoomEvent[]>();
  private readonly lastActivity = new Map<string, number>();
  messagesTotal = 0;

  /** Follows the domain events the console counts: stored messages and notices to a room. */
  observe(event: DomainEvent): void {
    if (event.type === 'message.created') this.message(event.message);
    else if (event.type === 'notice.posted' && event.notice.room) {
      const { room, from, text } = event.notice;
      this.roomEvent(room, 'notice', from, text);
    }
  }

  message(m: Message): void {
    this.messagesTotal++;
    this.current().messages++;
    const minute = Math.floor(Date.now() / 60_000);
    const room = this.roomMinutes.get(m.room);
    if (!room || room.minute !== minute) {
      const prev = room && room.minute === minute - 1 ? room.count : 0;
      this.roomMinutes.set(m.room, { minute, count: 1, prev });
    } else {
      room.count++;
    }
    this.lastActivity.set(m.room, Date.now());
    this.push(m.room, {
      t: m.createdAt,
      kind: 'message',
      user: m.sender,
      text: m.text.slice(0, 200),
    });
  }

  ack(_event: string, ms: number, _ok: boolean): void {
    const second = this.current();
    if (second.acks.length < 10_000) second.acks.push(ms);
  }

  roomEvent(room: string, kind: 'join' | 'leave' | 'notice', user: UserRef, text?: string): void {
    this.push(room, { t: new Date().toISOString(), kind, user, ...(text ? { text } : {}) });
  }

  /** Messages in the room over the last full minute and the current one, per minute. */
  messagesPerMinute(room: string): number {
    const r = this.roomMinutes.get(room);
    if (!r) return 0;
    const minute = Math.floor(Date.now() / 60_000);
    if (r.minute === minute) return Math.max(r.count, r.prev);
    return r.minute === minute - 1 ? r.count : 0;
  }

  lastActivityOf(room: string): number | null {
    return this.lastActivity.get(room) ?? null;
  }

  recentEvents(room: string): RoomEvent[] {
    return (this.roomEvents.get(room) ?? []).slice();
  }

  /** Per-second series for the last `n` seconds, oldest first; empty seconds are zeros. */
  series(n: number): { t: number; messages: number; ackP50: number; ackP99: number }[] {
    const now = Math.floor(Date.now() / 1000);
    const byT = new Map(this.seconds.map((s) => [s.t, s]));
    const out = [];
    for (let t = now - n + 1; t <= now; t++) {
      const s = byT.get(t);
      const sorted = s ? s.acks.slice().sort((a, b) => a - b) : [];
      out.push({
        t: t * 1000,
        messages: s?.messages ?? 0,
        ackP50: percentile(sorted, 50),
        ackP99: percentile(sorted, 99),
      });
    }
    return out;
  }

  private current(): Second {
    const t = Math.floor(Date.now() / 1000);
    let last = this.seconds.at(-1);
    if (!last || last.t !== t) {
      last = { t, messages: 0, acks: [] };
      this.seconds.push(last);
      if (this.seconds.length > SECONDS) this.seconds.shift();
    }
    return last;
  }

  private push(room: string, event: RoomEvent): void {
    let list = this.roomEvents.get(room);
    if (!list) this.roomEvents.set(room, (list = []));
    list.push(event);
    if (list.length > ROOM_EVENTS) list.shift();
  }
}
