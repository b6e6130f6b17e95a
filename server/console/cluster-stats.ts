import type { StatsPoint } from '../../protocol/admin.js';

/** A room's live figures on one node: sockets subscribed, messages a minute, last activity. */
export interface RoomLive {
  subscribers: number;
  messagesPerMinute: number;
  /** Epoch ms of the last message this node stored in the room, null: none since it started. */
  lastActivity: number | null;
}

const addCounts = (maps: Record<string, number>[]) => {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
};

/**
 * One chart point for the cluster from each node's point of the same second:
 * counts are summed (sockets, messages, missed heartbeats, disconnects); latency
 * percentiles and event-loop lag cannot be added, so the worst node's is shown.
 */
export function mergePoints(points: StatsPoint[]): StatsPoint {
  const [first] = points;
  if (points.length === 1) return first;
  const sum = (f: (p: StatsPoint) => number) => points.reduce((n, p) => n + f(p), 0);
  const max = (f: (p: StatsPoint) => number) => Math.max(...points.map(f));
  return {
    t: first.t,
    sockets: sum((p) => p.sockets),
    messagesPerSec: sum((p) => p.messagesPerSec),
    ackLatencyP50: max((p) => p.ackLatencyP50),
    ackLatencyP99: max((p) => p.ackLatencyP99),
    eventLoopLagMs: max((p) => p.eventLoopLagMs),
    missedHeartbeats: sum((p) => p.missedHeartbeats),
    disconnects: addCounts(points.map((p) => p.disconnects)),
  };
}

/** Nodes sample on their own one-second timers: a point belongs to the second it was taken in. */
const second = (p: StatsPoint) => Math.floor(p.t / 1000);

/**
 * The cluster's history on this node's timeline: each local point merged with
 * every other node's point of the same second (or the neighbouring one, since
 * the timers are not in phase). A node that was not up then adds nothing.
 */
export function mergeHistories(local: StatsPoint[], others: StatsPoint[][]): StatsPoint[] {
  const indexed = others.map((points) => new Map(points.map((p) => [second(p), p])));
  return local.map((point) => {
    const s = second(point);
    const matches = indexed
      .map((byS) => byS.get(s) ?? byS.get(s - 1) ?? byS.get(s + 1))
      .filter((p): p is StatsPoint => p !== undefined);
    return mergePoints([point, ...matches]);
  });
}

/** Sums one room's live figures over the nodes; the last activity is the latest of any node. */
export function mergeRoomLive(parts: RoomLive[]): RoomLive {
  const lasts = parts.map((p) => p.lastActivity).filter((t): t is number => t !== null);
  return {
    subscribers: parts.reduce((n, p) => n + p.subscribers, 0),
    messagesPerMinute: parts.reduce((n, p) => n + p.messagesPerMinute, 0),
    lastActivity: lasts.length ? Math.max(...lasts) : null,
  };
}
