import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ConnectionsPage, Overview, RttHistogram, StatsPoint } from '../../protocol/admin.js';
import { mergeHistories, mergePoints, mergeRoomLive, type RoomLive } from './cluster-stats.js';
import type { NodeConnections, NodeSnapshot } from '../realtime/inter-server.js';
import type { ChatServer } from '../realtime/types.js';

/** What this node knows about itself, from the registry through AdminService. */
export interface LocalSource {
  nodeId: string;
  version: string;
  startedAt: number;
  overview(): Omit<Overview, 'nodes'>;
  userIds(): string[];
  /** Newest-first matches: the first `limit` and the total count. */
  connections(limit: number, q?: string): NodeConnections;
  /** The node's chart points (AdminStats), oldest first. */
  statsHistory(): StatsPoint[];
  /** The node's live figures for these rooms, in the same order. */
  roomsLive(rooms: string[]): RoomLive[];
}

const MAX_PAGE_SIZE = 200;
/** More rooms than the console lists (50) are never asked for. */
const MAX_ROOMS = 500;
/** Deepest page reachable: each node sends at most page × pageSize rows. */
const MAX_ROWS = 10_000;

/**
 * The console's cluster-wide view. Alone (no REDIS_URL) it is this node's figures
 * plus `nodes: [this]`; with Redis it asks every node over the adapter
 * (`serverSideEmit` with acks, bounded by the adapter's request timeout) and merges:
 * sums, user ids de-duplicated, RTT buckets added, connection pages merged newest-first.
 * A node that does not answer in time is left out rather than stalling the console.
 */
export class ClusterView {
  private readonly lag = monitorEventLoopDelay({ resolution: 20 });
  private lastLagMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: ChatServer,
    private readonly local: LocalSource,
    private readonly clustered: boolean,
  ) {
    this.lag.enable();
    this.timer = setInterval(() => {
      this.lastLagMs = Math.round((this.lag.max / 1e6) * 100) / 100;
      this.lag.reset();
    }, 1000);
    this.timer.unref();
    if (clustered) {
      io.on('cluster:snapshot', (ack) => ack(this.snapshot()));
      io.on('cluster:connections', (query, ack) =>
        ack(this.local.connections(Math.min(query.limit, MAX_ROWS), query.q)),
      );
      io.on('cluster:stats', (query, ack) => {
        const history = this.local.statsHistory();
        ack({ latest: history.at(-1) ?? null, history: query.history ? history : [] });
      });
      io.on('cluster:rooms', (rooms, ack) =>
        ack(this.local.roomsLive(Array.isArray(rooms) ? rooms.slice(0, MAX_ROOMS) : [])),
      );
    }
  }

  /** This node alone. */
  snapshot(): NodeSnapshot {
    const overview = this.local.overview();
    return {
      overview,
      node: {
        id: this.local.nodeId,
        uptimeSec: Math.round((Date.now() - this.local.startedAt) / 1000),
        sockets: overview.sockets,
        eventLoopLagMs: this.lastLagMs,
        version: this.local.version,
      },
      userIds: this.local.userIds(),
    };
  }

  async overview(): Promise<Overview> {
    const mine = this.snapshot();
    const others = await this.ask<NodeSnapshot>((cb) =>
      this.io.serverSideEmit('cluster:snapshot', cb),
    );
    const all = [mine, ...others];
    const o = mine.overview;
    const sum = (f: (s: NodeSnapshot) => number) => all.reduce((n, s) => n + f(s), 0);
    const add = (maps: Record<string, number>[]) => {
      const out: Record<string, number> = {};
      for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
      return out;
    };
    return {
      ...o,
      uptimeSec: Math.max(...all.map((s) => s.overview.uptimeSec)),
      sockets: sum((s) => s.overview.sockets),
      users: new Set(all.flatMap((s) => s.userIds)).size,
      transports: add(all.map((s) => s.overview.transports)) as Overview['transports'],
      upgrades: sum((s) => s.overview.upgrades),
      origins: add(all.map((s) => s.overview.origins)),
      missedHeartbeats: sum((s) => s.overview.missedHeartbeats),
      rtt: others.length === 0 ? o.rtt : mergeRtt(all.map((s) => s.overview.rtt)),
      disconnects: add(all.map((s) => s.overview.disconnects)),
      messagesTotal: sum((s) => s.overview.messagesTotal),
      nodes: all.map((s) => s.node),
    };
  }

  /** One page (1-based) of sockets across every node, newest first, each with its `node`. */
  async connections(input: {
    page?: unknown;
    pageSize?: unknown;
    q?: unknown;
  }): Promise<ConnectionsPage> {
    const pageSize = clampInt(input.pageSize, 50, 1, MAX_PAGE_SIZE);
    const page = clampInt(input.page, 1, 1, Math.floor(MAX_ROWS / pageSize));
    const q = typeof input.q === 'string' ? input.q.slice(0, 200) : undefined;
    const limit = page * pageSize;
    const mine = this.local.connections(limit, q);
    const others = await this.ask<NodeConnections>((cb) =>
      this.io.serverSideEmit('cluster:connections', { limit, ...(q ? { q } : {}) }, cb),
    );
    const parts = [mine, ...others];
    const items = parts
      .flatMap((p) => p.items)
      .sort((a, b) => b.connectedAt.localeCompare(a.connectedAt))
      .slice((page - 1) * pageSize, limit);
    return { items, total: parts.reduce((n, p) => n + p.total, 0), page, pageSize };
  }

  /** This node's newest chart point merged with every other node's latest one. */
  async stats(point: StatsPoint): Promise<StatsPoint> {
    const others = await this.ask<{ latest: StatsPoint | null }>((cb) =>
      this.io.serverSideEmit('cluster:stats', { history: false }, cb),
    );
    const latest = others.map((o) => o.latest).filter((p): p is StatsPoint => p !== null);
    return mergePoints([point, ...latest]);
  }

  /** The last ten minutes of chart points for the whole cluster, on this node's timeline. */
  async statsHistory(): Promise<StatsPoint[]> {
    const others = await this.ask<{ history: StatsPoint[] }>((cb) =>
      this.io.serverSideEmit('cluster:stats', { history: true }, cb),
    );
    return mergeHistories(
      this.local.statsHistory(),
      others.map((o) => (Array.isArray(o.history) ? o.history : [])),
    );
  }

  /** Live subscribers, message rate and last activity of these rooms, over every node. */
  async roomsLive(rooms: string[]): Promise<RoomLive[]> {
    const mine = this.local.roomsLive(rooms);
    const others = await this.ask<RoomLive[]>((cb) =>
      this.io.serverSideEmit('cluster:rooms', rooms, cb),
    );
    return mine.map((live, i) =>
      mergeRoomLive([live, ...others.map((o) => o[i]).filter((l): l is RoomLive => !!l)]),
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.lag.disable();
  }

  /** The other nodes' answers; partial after the adapter's timeout, none when alone. */
  private ask<T>(send: (cb: (err: Error | null, responses: T[]) => void) => void): Promise<T[]> {
    if (!this.clustered) return Promise.resolve([]);
    return new Promise((resolve) => {
      try {
        send((_err, responses) => resolve(Array.isArray(responses) ? responses : []));
      } catch {
        resolve([]);
      }
    });
  }
}

/** Adds histograms bucket by bucket; percentiles become the bucket bound they fall in. */
function mergeRtt(parts: RttHistogram[]): RttHistogram {
  const buckets = (parts[0]?.buckets ?? []).map((b) => ({ le: b.le, count: 0 }));
  for (const p of parts) p.buckets.forEach((b, i) => buckets[i] && (buckets[i].count += b.count));
  const count = parts.reduce((n, p) => n + p.count, 0);
  const at = (pct: number) => {
    if (count === 0) return 0;
    let seen = 0;
    for (const b of buckets) {
      seen += b.count;
      if (seen >= (pct / 100) * count) return b.le;
    }
    return buckets.at(-1)?.le ?? 0;
  };
  return { count, p50: at(50), p95: at(95), p99: at(99), buckets };
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}
