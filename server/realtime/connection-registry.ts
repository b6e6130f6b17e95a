import { percentile } from '../../protocol/percentile.js';
import type { UserRef } from '../../protocol/wire.js';
import type { ConnectionInfo, RttHistogram, Transport } from '../../protocol/admin.js';

/** What the registry keeps about one live socket; `rooms` is read live from the socket. */
export interface ConnectionEntry {
  id: string;
  user: UserRef;
  transport: Transport;
  origin: string;
  connectedAt: number;
  lastHeartbeat: number | null;
  rttMs: number | null;
  clientVersion: string;
  /** The browser (or runtime) family from the handshake's User-Agent. */
  client: string;
  address: string;
  rooms: () => Iterable<string>;
}

const RTT_SAMPLES = 2048;
// The last bound is past any ping timeout, so no sample a live socket reports falls outside.
const RTT_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 60_000];
const REASON_WINDOW_MIN = 60;

/**
 * Every socket connected to the chat namespace, with its heartbeat and round-trip
 * time, plus rolling aggregates (RTT samples, disconnect reasons per minute) for
 * the admin console. Lookups and paging stay on the server.
 */
export class ConnectionRegistry {
  private readonly entries = new Map<string, ConnectionEntry>();
  private readonly userSockets = new Map<string, number>();
  private readonly rttSamples: number[] = [];
  private rttCursor = 0;
  private readonly reasonsByMinute: { minute: number; reasons: Record<string, number> }[] = [];
  readonly disconnectTotals: Record<string, number> = {};
  upgrades = 0;

  constructor(
    private readonly heartbeatGraceMs: number,
    /** Written into every ConnectionInfo as `node`. */
    private readonly nodeId = '',
  ) {}

  /** Adds a socket; returns true when it is the user's first (the user came online). */
  add(entry: ConnectionEntry): boolean {
    this.entries.set(entry.id, entry);
    const count = (this.userSockets.get(entry.user.id) ?? 0) + 1;
    this.userSockets.set(entry.user.id, count);
    return count === 1;
  }

  /** Removes a socket; returns true when it was the user's last (the user went offline). */
  remove(id: string, reason: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.countReason(reason);
    const count = (this.userSockets.get(entry.user.id) ?? 1) - 1;
    if (count > 0) {
      this.userSockets.set(entry.user.id, count);
      return false;
    }
    this.userSockets.delete(entry.user.id);
    return true;
  }

  get(id: string): ConnectionEntry | undefined {
    return this.entries.get(id);
  }

  /** How many sockets the user holds on this node. */
  socketsOf(userId: string): number {
    return this.userSockets.get(userId) ?? 0;
  }

  isOnline(userId: string): boolean {
    return this.userSockets.has(userId);
  }

  get size(): number {
    return this.entries.size;
  }

  get userCount(): number {
    return this.userSockets.size;
  }

  /** Ids of the users with at least one socket here. */
  userIds(): string[] {
    return [...this.userSockets.keys()];
  }

  /** Records a heartbeat, with a round-trip time when one was measured. */
  heartbeat(id: string, rttMs?: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastHeartbeat = Date.now();
    if (rttMs !== undefined && Number.isFinite(rttMs) && rttMs >= 0) {
      entry.rttMs = rttMs;
      this.rttSamples[this.rttCursor] = rttMs;
      this.rttCursor = (this.rttCursor + 1) % RTT_SAMPLES;
    }
  }

  upgraded(id: string, transport: Transport): void {
    const entry = this.entries.get(id);
    if (entry) entry.transport = transport;
    this.upgrades++;
  }

  missedHeartbeat(entry: ConnectionEntry, now = Date.now()): boolean {
    return now - (entry.lastHeartbeat ?? entry.connectedAt) > this.heartbeatGraceMs;
  }

  info(entry: ConnectionEntry, now = Date.now()): ConnectionInfo {
    return {
      id: entry.id,
      user: entry.user,
      transport: entry.transport,
      origin: entry.origin,
      connectedAt: new Date(entry.connectedAt).toISOString(),
      rooms: [...entry.rooms()].filter((r) => r !== entry.id && !r.startsWith('user:')),
      lastHeartbeat: entry.lastHeartbeat ? new Date(entry.lastHeartbeat).toISOString() : null,
      rttMs: entry.rttMs,
      missedHeartbeat: this.missedHeartbeat(entry, now),
      clientVersion: entry.clientVersion,
      client: entry.client,
      address: entry.address,
      node: this.nodeId,
    };
  }

  /** One page of sockets, newest first, filtered by user id/name, socket id, origin or room. */
  page(page: number, pageSize: number, q?: string): { items: ConnectionInfo[]; total: number } {
    const needle = q?.trim().toLowerCase();
    const matches: ConnectionEntry[] = [];
    for (const e of this.entries.values()) {
      if (
        !needle ||
        e.user.id.toLowerCase().includes(needle) ||
        e.user.name.toLowerCase().includes(needle) ||
        e.id.toLowerCase().includes(needle) ||
        e.origin.toLowerCase().includes(needle) ||
        [...e.rooms()].some((r) => r.toLowerCase() === needle)
      ) {
        matches.push(e);
      }
    }
    matches.reverse();
    const now = Date.now();
    const start = (page - 1) * pageSize;
    return {
      items: matches.slice(start, start + pageSize).map((e) => this.info(e, now)),
      total: matches.length,
    };
  }

  /** Totals by transport and origin, and how many sockets missed a heartbeat. */
  aggregate(): {
    transports: Record<Transport, number>;
    origins: Record<string, number>;
    missedHeartbeats: number;
  } {
    const transports: Record<Transport, number> = { polling: 0, websocket: 0, webtransport: 0 };
    const origins: Record<string, number> = {};
    let missed = 0;
    const now = Date.now();
    for (const e of this.entries.values()) {
      transports[e.transport]++;
      origins[e.origin] = (origins[e.origin] ?? 0) + 1;
      if (this.missedHeartbeat(e, now)) missed++;
    }
    return { transports, origins, missedHeartbeats: missed };
  }

  rttHistogram(): RttHistogram {
    const sorted = this.rttSamples.slice().sort((a, b) => a - b);
    const buckets = RTT_BUCKETS.map((le) => ({ le, count: 0 }));
    for (const v of sorted) {
      (buckets.find((b) => v <= b.le) ?? buckets.at(-1)!).count++;
    }
    return {
      count: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      buckets,
    };
  }

  /** Disconnect reasons per minute over the last hour, oldest first. */
  reasonsOverTime(): { minute: number; reasons: Record<string, number> }[] {
    return this.reasonsByMinute.slice();
  }

  entriesIterator(): IterableIterator<ConnectionEntry> {
    return this.entries.values();
  }

  private countReason(reason: string): void {
    this.disconnectTotals[reason] = (this.disconnectTotals[reason] ?? 0) + 1;
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    let last = this.reasonsByMinute.at(-1);
    if (!last || last.minute !== minute) {
      last = { minute, reasons: {} };
      this.reasonsByMinute.push(last);
      if (this.reasonsByMinute.length > REASON_WINDOW_MIN) this.reasonsByMinute.shift();
    }
    last.reasons[reason] = (last.reasons[reason] ?? 0) + 1;
  }
}
