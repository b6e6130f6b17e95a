import type { Config } from '../config.js';
import { AppError, notFound } from '../errors.js';
import type { EventPublisher } from '../domain/events.js';
import type { Identity } from '../domain/identity.js';
import type { NoticeService } from '../domain/notice-service.js';
import { parseRoom } from '../domain/rooms.js';
import type { Logger } from '../logger.js';
import type { NoticeEvent } from '../../protocol/wire.js';
import type {
  AdminAction,
  ConnectionsPage,
  Overview,
  RoomActivity,
  RoomEvent,
} from '../../protocol/admin.js';
import type { Store } from '../store/types.js';
import type { ActivityTracker } from './activity-tracker.js';
import type { RoomLive } from './cluster-stats.js';
import type { ConnectionRegistry } from '../realtime/connection-registry.js';
import type { ChatServer } from '../realtime/types.js';

export interface AdminServiceDeps {
  io: ChatServer;
  registry: ConnectionRegistry;
  activity: ActivityTracker;
  store: Store;
  notices: NoticeService;
  events: EventPublisher;
  config: Pick<Config, 'version'>;
  startedAt: number;
  log: Logger;
}

const MAX_PAGE_SIZE = 200;
const ROOMS_LISTED = 50;
const HISTORY_EVENTS = 20;

/**
 * The roles that open the console, and the one of them that may act on
 * connections and notices (moderators act in the Moderation tab, over /api/mod).
 */
export const ADMIN_ROLES = ['admin', 'viewer', 'moderator'];
export const canAct = (user: Pick<Identity, 'roles'>) => user.roles.includes('admin');

/**
 * What the console reads and does, shared by the `/admin` namespace and the
 * `/api/admin` routes: aggregates and pages computed here on the server (the
 * console never downloads the full socket list), and the two admin actions,
 * each logged with who did it and announced (`admin.action`) to every open console.
 */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  /** This node's figures only; ClusterView adds the other nodes' and the `nodes` list. */
  overview(): Omit<Overview, 'nodes'> {
    const { registry, activity, store, config, startedAt } = this.deps;
    const { transports, origins, missedHeartbeats } = registry.aggregate();
    return {
      version: config.version,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      store: store.kind,
      sockets: registry.size,
      users: registry.userCount,
      transports,
      upgrades: registry.upgrades,
      origins,
      missedHeartbeats,
      rtt: registry.rttHistogram(),
      disconnects: { ...registry.disconnectTotals },
      messagesTotal: activity.messagesTotal,
    };
  }

  /** One page of sockets (1-based), newest first, filtered by `q`. */
  connections(input: { page?: unknown; pageSize?: unknown; q?: unknown }): ConnectionsPage {
    const page = clampInt(input.page, 1, 1, 1_000_000);
    const pageSize = clampInt(input.pageSize, 50, 1, MAX_PAGE_SIZE);
    const q = typeof input.q === 'string' ? input.q.slice(0, 200) : undefined;
    const { items, total } = this.deps.registry.page(page, pageSize, q);
    return { items, total, page, pageSize };
  }

  /** This node's live figures for these rooms: its subscribed sockets, message rate, last message. */
  roomsLive(rooms: string[]): RoomLive[] {
    const { io, activity } = this.deps;
    const subscribed = io.of('/').adapter.rooms;
    return rooms.map((id) => ({
      subscribers: subscribed.get(id)?.size ?? 0,
      messagesPerMinute: activity.messagesPerMinute(id),
      lastActivity: activity.lastActivityOf(id),
    }));
  }

  /**
   * The most recently active rooms with members, live subscribers and message rate;
   * `live` gives the live figures (ClusterView: summed over every node; default: this node's).
   */
  async rooms(
    live: (rooms: string[]) => Promise<RoomLive[]> = async (ids) => this.roomsLive(ids),
  ): Promise<RoomActivity[]> {
    const { store } = this.deps;
    const records = await store.listRooms(ROOMS_LISTED);
    const figures = await live(records.map((r) => r.id));
    return Promise.all(
      records.map(async (r, i) => {
        const now = figures[i];
        const stored = r.lastActivity ? Date.parse(r.lastActivity) : null;
        const last = Math.max(now?.lastActivity ?? 0, stored ?? 0);
        return {
          id: r.id,
          kind: r.kind,
          members: await store.memberCount(r.id),
          subscribers: now?.subscribers ?? 0,
          messagesPerMinute: now?.messagesPerMinute ?? 0,
          lastActivity: last > 0 ? new Date(last).toISOString() : null,
          lastSeq: r.lastSeq,
        };
      }),
    );
  }

  /** A room's recent events, newest first: live ones since start, else its last stored messages. */
  async roomEvents(rawRoom: unknown): Promise<RoomEvent[]> {
    if (typeof rawRoom !== 'string') throw new AppError('bad_request', 'room is required');
    const room = parseRoom(rawRoom).id;
    const live = this.deps.activity.recentEvents(room);
    if (live.length > 0) return live.reverse();
    const { messages } = await this.deps.store.history(room, undefined, HISTORY_EVENTS);
    return messages
      .map((m): RoomEvent => ({
        t: m.createdAt,
        kind: 'message',
        user: m.sender,
        text: m.text.slice(0, 200),
      }))
      .reverse();
  }

  /**
   * Disconnects one chat socket, on whichever node holds it (through the adapter
   * when scaled out); the registry records it as a server kick.
   */
  async disconnect(actor: Identity, id: unknown): Promise<{ id: string }> {
    this.assertCanAct(actor);
    if (typeof id !== 'string' || id.length === 0 || id.length > 64 || id.includes(':')) {
      throw new AppError('bad_request', 'id must be a socket id');
    }
    // Every socket is in a room named after its id, so this finds it cluster-wide.
    const [socket] = await this.deps.io.of('/').in(id).fetchSockets();
    if (!socket || socket.id !== id) throw notFound(`no connected socket ${id}`);
    const target = socket.data.user;
    socket.disconnect(true);
    this.record(actor, 'disconnect', id, `${target.name} (${target.id})`);
    return { id };
  }

  /** Posts a notice (validated input) to every chat socket, or to one room's subscribers. */
  notice(actor: Identity, input: { text: string; room?: string }): NoticeEvent {
    this.assertCanAct(actor);
    const notice = this.deps.notices.post(actor, input.text, input.room);
    this.record(actor, 'notice', notice.room ?? 'everyone', notice.text.slice(0, 200));
    return notice;
  }

  private assertCanAct(actor: Identity): void {
    if (!canAct(actor))
      throw new AppError('forbidden', 'the viewer role is read-only; this needs admin');
  }

  private record(
    actor: Identity,
    action: AdminAction['action'],
    target: string,
    detail: string,
  ): void {
    const entry: AdminAction = {
      t: new Date().toISOString(),
      actor: { id: actor.id, name: actor.name },
      action,
      target,
      detail,
    };
    this.deps.log.info({ actor: entry.actor, action, target, detail }, `admin ${action}`);
    this.deps.events.publish({ type: 'admin.action', action: entry });
  }
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}
