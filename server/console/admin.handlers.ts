import type { Server as HttpServer } from 'node:http';
import type { ExtendedError } from 'socket.io';
import { AppError } from '../errors.js';
import type { TokenVerifier } from '../domain/identity.js';
import { adminSchemas } from '../domain/validation.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AdminClientToServerEvents } from '../../protocol/admin.js';
import type { AdminStats } from './admin-stats.js';
import { ADMIN_ROLES, canAct, type AdminService } from './admin.service.js';
import type { ClusterView } from './cluster-view.js';
import type { ActivityTracker } from './activity-tracker.js';
import type { ConnectionRegistry } from '../realtime/connection-registry.js';
import type { SocketFanout } from '../realtime/fanout.js';
import { ackedFor, toErrorBody } from '../realtime/handle.js';
import { adminNamespace, type AdminSocket, type ChatServer } from '../realtime/types.js';

export interface AdminNamespaceDeps {
  admin: AdminService;
  /** Overview, connections, charts and room figures across every node. */
  cluster: ClusterView;
  /** This node's one-second chart points (ClusterView merges the other nodes'). */
  stats: AdminStats;
  verifier: TokenVerifier;
  registry: ConnectionRegistry;
  activity: ActivityTracker;
  fanout: SocketFanout;
  log: Logger;
  metrics: Metrics;
}

const TICK_MS = 1000;

/**
 * Registers the `/admin` namespace: a token with the `admin` role (or the
 * read-only `viewer` role) is required at the handshake; everyone else gets a
 * `connect_error` saying why. Pushes `stats` and `overview` once a second to
 * every open console, and each admin action as it happens. The one-second
 * sampler stops by itself when the HTTP server closes.
 */
export function registerAdminNamespace(io: ChatServer, http: HttpServer, deps: AdminNamespaceDeps) {
  const { admin, cluster, verifier, log, fanout } = deps;
  const nsp = adminNamespace(io);
  // Same validation, metrics and error mapping as the chat events; counted as `admin:<event>`.
  const acked = ackedFor<AdminClientToServerEvents>({ log, metrics: deps.metrics }, 'admin:');
  const { stats } = deps;

  nsp.use((socket, next: (err?: ExtendedError) => void) => {
    try {
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      const user = verifier.verify(auth?.token);
      if (!user.roles.some((r) => ADMIN_ROLES.includes(r))) {
        throw new AppError(
          'forbidden',
          'forbidden: the admin console needs the admin or viewer role (or moderator)',
        );
      }
      socket.data.user = user;
      next();
    } catch (err) {
      const body = toErrorBody(err, log);
      const refusal: ExtendedError = new Error(body.message);
      refusal.data = { code: body.code };
      log.warn({ code: body.code, address: socket.handshake.address }, 'admin console refused');
      next(refusal);
    }
  });

  nsp.on('connection', (socket: AdminSocket) => {
    const user = socket.data.user;
    log.info({ user: { id: user.id, name: user.name } }, 'admin console opened');
    socket.emit('session', {
      user: { id: user.id, name: user.name },
      roles: user.roles,
      canAct: canAct(user),
    });
    // A console outliving its token would keep an expired operator in; end it on time.
    const expiresIn = user.expiresAt - Date.now();
    if (expiresIn < 2 ** 31 - 1) {
      const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresIn));
      socket.once('disconnect', () => clearTimeout(expiry));
    }
    void cluster.statsHistory().then((points) => socket.emit('stats_history', points));
    void cluster.overview().then((o) => socket.emit('overview', o));

    socket.on(
      'overview',
      acked('overview', adminSchemas.overview, () => cluster.overview()),
    );
    socket.on(
      'connections',
      acked('connections', adminSchemas.connections, (p) => cluster.connections(p)),
    );
    socket.on(
      'rooms',
      acked('rooms', adminSchemas.rooms, () => admin.rooms((ids) => cluster.roomsLive(ids))),
    );
    socket.on(
      'room_events',
      acked('room_events', adminSchemas.room_events, (p) => admin.roomEvents(p.room)),
    );
    socket.on(
      'disconnect_socket',
      acked('disconnect_socket', adminSchemas.disconnect_socket, (p) =>
        admin.disconnect(user, p.id),
      ),
    );
    socket.on(
      'notice',
      acked('notice', adminSchemas.notice, (p) => admin.notice(user, p)),
    );
  });

  const timer = setInterval(() => {
    const point = stats.sample();
    if (nsp.sockets.size === 0) return;
    void cluster.stats(point).then((p) => fanout.toConsoles('stats', p));
    void cluster.overview().then((o) => fanout.toConsoles('overview', o));
  }, TICK_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    stats.stop();
    cluster.stop();
  };
  http.once('close', stop);
  return { namespace: nsp, stats, stop };
}
