import { roomKindOf } from '../../protocol/rooms.js';
import type { Logger } from '../logger.js';
import type { RoomId } from '../../protocol/wire.js';
import type { Store } from '../store/types.js';
import type { SocketFanout } from './fanout.js';
import type { NodeRoomCounts } from './inter-server.js';
import { yieldToLoop } from './turn-gate.js';
import type { ChatServer } from './types.js';

export interface RoomCountsOptions {
  nodeId: string;
  /** True when other processes hold sockets too (Redis scale-out). */
  clustered: boolean;
  /** How often changed rooms are counted and announced. */
  intervalMs?: number;
  log: Logger;
}

/** Every this many ticks a node sends all its counts, so a node that went away ages out. */
const FULL_EVERY = 10;
/** A tick writes for at most about this long before it lets other work run. */
const SLICE_MS = 5;

/**
 * How often a node announces: every tick while few sockets hear of it; after a
 * tick that told more than `busy` sockets (a reconnect storm: every room changes
 * while thousands of clients rejoin), twice as far apart each time, up to
 * `maxSpacing` ticks; back to every tick once an announcement is small again.
 * A storm of 10,000 rejoining clients in 100 rooms otherwise re-announced each
 * room to all its subscribers every 2 s: about as many packets as the rejoins
 * themselves, while they wait. The counts are never lost, only announced later.
 */
export class AnnouncePacer {
  private spacing = 1;
  private wait = 0;

  constructor(
    private readonly busy = 2_000,
    private readonly maxSpacing = 5,
  ) {}

  /** Called every tick: whether this one announces. */
  due(): boolean {
    if (this.wait > 1) {
      this.wait -= 1;
      return false;
    }
    return true;
  }

  /** After an announcement that reached `deliveries` sockets. */
  announced(deliveries: number): void {
    this.spacing = deliveries > this.busy ? Math.min(this.spacing * 2, this.maxSpacing) : 1;
    this.wait = this.spacing;
  }
}

/**
 * Member and online counts of ticker rooms, kept without ever scanning sockets:
 * the adapter's `join-room`/`leave-room` events keep, per room, this node's
 * subscribed users; each tick (2 s) the rooms that changed get their member count
 * (one indexed COUNT per changed room) and are announced as `room_counts` to the
 * node's own subscribers. With Redis each node also sends its changed counts to
 * the others (`rooms:online`, one message per tick) and adds theirs to its own,
 * so every node holds cluster-wide totals. A user with tabs on two nodes counts
 * once per node. A tick yields to the event loop every few milliseconds: in a
 * reconnect storm every room changes, and 100 rooms of 100 subscribers in one go
 * are 10,000 packets written while `/health` and the handshakes wait.
 */
export class RoomCounts {
  private readonly local = new Map<RoomId, Map<string, number>>();
  /** The user of each socket subscribed to a ticker room here, and to how many. */
  private readonly sockets = new Map<string, { user: string; rooms: number }>();
  private readonly remote = new Map<string, { at: number; rooms: Map<RoomId, number> }>();
  private readonly sent = new Map<RoomId, string>();
  /** Rooms whose local count changed since the last tick (told to the other nodes). */
  private changedHere = new Set<RoomId>();
  /** Rooms whose totals may have changed (announced to this node's subscribers). */
  private toAnnounce = new Set<RoomId>();
  private ticks = 0;
  private ticking = false;
  private readonly pacer = new AnnouncePacer();
  private readonly timer: NodeJS.Timeout;
  private readonly intervalMs: number;

  constructor(
    private readonly io: ChatServer,
    private readonly store: Store,
    private readonly fanout: SocketFanout,
    private readonly options: RoomCountsOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 2000;
    const adapter = io.of('/').adapter;
    adapter.on('join-room', (room: string, id: string) => this.joined(room, id));
    adapter.on('leave-room', (room: string, id: string) => this.left(room, id));
    if (options.clustered) io.on('rooms:online', (counts) => this.receive(counts));
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Users subscribed to the room now, over every node that reported. */
  online(room: RoomId): number {
    let n = this.local.get(room)?.size ?? 0;
    for (const node of this.remote.values()) n += node.rooms.get(room) ?? 0;
    return n;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private joined(room: string, socketId: string): void {
    if (!isTicker(room)) return;
    const userId =
      this.sockets.get(socketId)?.user ?? this.io.of('/').sockets.get(socketId)?.data.user?.id;
    if (!userId) return;
    const entry = this.sockets.get(socketId) ?? { user: userId, rooms: 0 };
    entry.rooms += 1;
    this.sockets.set(socketId, entry);
    const users = this.local.get(room) ?? new Map<string, number>();
    users.set(userId, (users.get(userId) ?? 0) + 1);
    this.local.set(room, users);
    this.changed(room);
  }

  private left(room: string, socketId: string): void {
    if (!isTicker(room)) return;
    const entry = this.sockets.get(socketId);
    const users = this.local.get(room);
    if (!entry || !users) return;
    entry.rooms -= 1;
    if (entry.rooms <= 0) this.sockets.delete(socketId);
    const userId = entry.user;
    const n = (users.get(userId) ?? 1) - 1;
    if (n > 0) users.set(userId, n);
    else users.delete(userId);
    if (users.size === 0) this.local.delete(room);
    this.changed(room);
  }

  private changed(room: RoomId): void {
    this.changedHere.add(room);
    this.toAnnounce.add(room);
  }

  private receive(counts: NodeRoomCounts): void {
    if (counts.node === this.options.nodeId) return;
    const held = this.remote.get(counts.node);
    const rooms = counts.full || !held ? new Map<RoomId, number>() : held.rooms;
    if (counts.full && held) for (const room of held.rooms.keys()) this.toAnnounce.add(room);
    for (const [room, n] of Object.entries(counts.rooms)) {
      if (n > 0) rooms.set(room, n);
      else rooms.delete(room);
      this.toAnnounce.add(room);
    }
    this.remote.set(counts.node, { at: Date.now(), rooms });
  }

  private async tick(): Promise<void> {
    // A tick stretched over many turns (a storm) is not overlapped: its rooms wait for the next.
    if (this.ticking) return;
    this.ticking = true;
    try {
      this.ticks += 1;
      if (this.options.clustered) this.share();
      if (this.pacer.due()) this.pacer.announced(await this.announce());
    } finally {
      this.ticking = false;
    }
  }

  /** Announces the rooms whose counts changed; answers how many sockets were told. */
  private async announce(): Promise<number> {
    const rooms = [...this.toAnnounce];
    this.toAnnounce = new Set();
    const subscribers = this.io.of('/').adapter.rooms;
    let deliveries = 0;
    let slice = performance.now();
    for (const room of rooms) {
      // Only this node's subscribers are told; a room with none here costs nothing.
      if (!this.local.has(room)) {
        this.sent.delete(room);
        continue;
      }
      try {
        const members = await this.store.memberCount(room);
        const online = this.online(room);
        const key = `${members}/${online}`;
        if (this.sent.get(room) === key) continue;
        this.sent.set(room, key);
        this.fanout.roomCounts({ room, members, online });
        deliveries += subscribers.get(room)?.size ?? 0;
        if (performance.now() - slice > SLICE_MS) {
          await yieldToLoop();
          slice = performance.now();
        }
      } catch (err) {
        this.options.log.warn({ err, room }, 'room counts failed');
      }
    }
    return deliveries;
  }

  /** Sends this node's changed counts (every FULL_EVERY ticks: all of them) and ages out silent nodes. */
  private share(): void {
    const full = this.ticks % FULL_EVERY === 0;
    const rooms: Record<RoomId, number> = {};
    const which = full ? this.local.keys() : this.changedHere;
    for (const room of which) rooms[room] = this.local.get(room)?.size ?? 0;
    this.changedHere = new Set();
    if (full || Object.keys(rooms).length > 0) {
      const counts: NodeRoomCounts = { node: this.options.nodeId, full, rooms };
      this.io.serverSideEmit('rooms:online', counts);
    }
    const stale = Date.now() - 3 * FULL_EVERY * this.intervalMs;
    for (const [node, held] of this.remote) {
      if (held.at >= stale) continue;
      this.remote.delete(node);
      for (const room of held.rooms.keys()) this.toAnnounce.add(room);
    }
  }
}

function isTicker(room: string): boolean {
  return room.startsWith('$') && roomKindOf(room) === 'ticker';
}
