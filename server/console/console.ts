import type { Server as HttpServer } from 'node:http';
import type { Config } from '../config.js';
import type { EventBus } from '../domain/events.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ConnectionRegistry } from '../realtime/connection-registry.js';
import type { SocketFanout } from '../realtime/fanout.js';
import type { ChatServer } from '../realtime/types.js';
import type { Services } from '../services.js';
import type { Store } from '../store/types.js';
import type { ActivityTracker } from './activity-tracker.js';
import { registerAdminNamespace } from './admin.handlers.js';
import { AdminService } from './admin.service.js';
import { AdminStats } from './admin-stats.js';
import { ClusterView } from './cluster-view.js';

export interface ConsoleDeps {
  io: ChatServer;
  http: HttpServer;
  config: Config;
  store: Store;
  events: EventBus;
  services: Services;
  registry: ConnectionRegistry;
  activity: ActivityTracker;
  fanout: SocketFanout;
  verifier: TokenVerifier;
  metrics: Metrics;
  clustered: boolean;
  startedAt: number;
  log: Logger;
}

/** The console's backend: what `/api/admin` (http/) and the `/admin` namespace serve. */
export interface ConsoleBackend {
  admin: AdminService;
  cluster: ClusterView;
}

/**
 * Builds the console's backend (this node's figures, merged cluster-wide), registers
 * the `/admin` namespace, and writes the console's actions to the moderation audit log.
 */
export function createConsole(deps: ConsoleDeps): ConsoleBackend {
  const { io, config, registry, activity, events, startedAt } = deps;
  const log = deps.log.child({ component: 'admin' });
  const admin = new AdminService({
    io,
    registry,
    activity,
    store: deps.store,
    notices: deps.services.notices,
    events,
    config,
    startedAt,
    log,
  });
  // The console's disconnect and notice go to the moderation audit log too.
  events.subscribe((event) => {
    if (event.type !== 'admin.action') return;
    const { action } = event;
    void deps.services.audit({
      actor: action.actor.id,
      action: action.action,
      target: action.target,
      reason: action.detail ?? '',
    });
  });
  const stats = new AdminStats(registry, activity);
  const cluster = new ClusterView(
    io,
    {
      nodeId: config.nodeId,
      version: config.version,
      startedAt,
      overview: () => admin.overview(),
      userIds: () => registry.userIds(),
      connections: (limit, q) => registry.page(1, limit, q),
      statsHistory: () => stats.history(),
      roomsLive: (rooms) => admin.roomsLive(rooms),
    },
    deps.clustered,
  );
  registerAdminNamespace(io, deps.http, {
    admin,
    cluster,
    stats,
    verifier: deps.verifier,
    registry,
    activity,
    fanout: deps.fanout,
    log,
    metrics: deps.metrics,
  });
  return { admin, cluster };
}
