import type { Server as HttpServer } from 'node:http';
import type { ExtendedError, Namespace } from 'socket.io';
import { AppError } from '../domain/errors.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { Logger } from '../logger.js';
import type {
  Ack,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  SocketData,
} from '../protocol.js';
import { AdminStats } from './admin-stats.js';
import { ADMIN_ROLES, canAct, type AdminService } from './admin.service.js';
import type { ActivityTracker } from './activity-tracker.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { toErrorBody } from './handle.js';
import type { AdminSocket, ChatServer } from './types.js';

export interface AdminNamespaceDeps {
  admin: AdminService;
  verifier: TokenVerifier;
  registry: ConnectionRegistry;
  activity: ActivityTracker;
  log: Logger;
}

type AdminNamespace = Namespace<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const TICK_MS = 1000;

/**
 * Registers the `/admin` namespace: a token with the `admin` role (or the
 * read-only `viewer` role) is required at the handshake; everyone else gets a
 * `connect_error` saying why. Pushes `stats` and `overview` once a second to
 * every open console, and each admin action as it happens. The one-second
 * sampler stops by itself when the HTTP server closes.
 */
export function registerAdminNamespace(io: ChatServer, http: HttpServer, deps: AdminNamespaceDeps) {
  const { admin, verifier, log } = deps;
  // One Server carries both namespaces; the admin one has its own event maps.
  const nsp = io.of('/admin') as unknown as AdminNamespace;
  const stats = new AdminStats(deps.registry, deps.activity);

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
    socket.emit('stats_history', stats.history());
    socket.emit('overview', admin.overview());

    const answer = <T>(ack: unknown, run: () => T | Promise<T>) => {
      const reply = typeof ack === 'function' ? (ack as (a: Ack<T>) => void) : () => undefined;
      Promise.resolve()
        .then(run)
        .then(
          (data) => reply({ ok: true, data }),
          (err: unknown) => reply({ ok: false, error: toErrorBody(err, log) }),
        );
    };
    socket.on('overview', (_p, ack) => answer(ack, () => admin.overview()));
    socket.on('connections', (p, ack) => answer(ack, () => admin.connections(asObject(p))));
    socket.on('rooms', (_p, ack) => answer(ack, () => admin.rooms()));
    socket.on('room_events', (p, ack) => answer(ack, () => admin.roomEvents(asObject(p).room)));
    socket.on('disconnect_socket', (p, ack) =>
      answer(ack, () => admin.disconnect(user, asObject(p).id)),
    );
    socket.on('notice', (p, ack) => answer(ack, () => admin.notice(user, p)));
  });

  const unsubscribe = admin.onAction((action) => nsp.emit('action', action));
  const timer = setInterval(() => {
    const point = stats.sample();
    if (nsp.sockets.size === 0) return;
    nsp.emit('stats', point);
    nsp.emit('overview', admin.overview());
  }, TICK_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    unsubscribe();
    stats.stop();
  };
  http.once('close', stop);
  return { namespace: nsp, stats, stop };
}

/** Payloads arrive untyped from the wire; anything but an object reads as empty. */
function asObject(payload: unknown): Record<string, unknown> {
  return payload !== null && typeof payload === 'object'
    ? (payload as Record<string, unknown>)
    : {};
}
