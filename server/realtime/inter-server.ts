/**
 * What the server processes of a cluster say to each other through the adapter
 * (Redis): the console's cluster-wide view (cluster-view.ts), the ticker rooms'
 * online counts (room-counts.ts) and moderation changes (moderation-sync.ts). Types only.
 */
import type { ModerationChange } from '../domain/moderation/moderation-state.js';
import type { RoomId } from '../../protocol/wire.js';
import type { ConnectionInfo, NodeInfo, Overview, StatsPoint } from '../../protocol/admin.js';
import type { RoomLive } from '../console/cluster-stats.js';

/** One node's answer to `cluster:snapshot`: its overview, node line and user ids. */
export interface NodeSnapshot {
  overview: Omit<Overview, 'nodes'>;
  node: NodeInfo;
  /** Users with a socket on the node, so users on two nodes count once. */
  userIds: string[];
}

/** One node's share of a connections page: its newest `limit` matches, and how many match. */
export interface NodeConnections {
  items: ConnectionInfo[];
  total: number;
}

/** The events the server processes exchange through the adapter (Redis) for the console. */
export interface InterServerEvents {
  'cluster:snapshot': (ack: (snapshot: NodeSnapshot) => void) => void;
  'cluster:connections': (
    query: { limit: number; q?: string },
    ack: (part: NodeConnections) => void,
  ) => void;
  /** The node's latest chart point, and its remembered ones when `history` is asked. */
  'cluster:stats': (
    query: { history: boolean },
    ack: (stats: { latest: StatsPoint | null; history: StatsPoint[] }) => void,
  ) => void;
  /** The node's live figures for these rooms, in the same order. */
  'cluster:rooms': (rooms: string[], ack: (live: RoomLive[]) => void) => void;
  /** A node's online counts of ticker rooms (room-counts.ts). */
  'rooms:online': (counts: NodeRoomCounts) => void;
  /** A mute, ban or block made on the sending node, for the others' memory (moderation-sync.ts). */
  'moderation:changed': (change: ModerationChange) => void;
}

/** One node's online counts for some ticker rooms; `full` replaces everything it sent before. */
export interface NodeRoomCounts {
  node: string;
  full: boolean;
  rooms: Record<RoomId, number>;
}
