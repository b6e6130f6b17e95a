import type { PresenceService } from '../domain/presence-service.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { PendingWork } from '../pending-work.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { disconnectOnTokenExpiry } from './token-expiry.js';
import { userRoom, type ChatServer, type ChatSocket } from './types.js';
import { clientFamily } from './user-agent.js';

export interface PresenceDeps {
  io: ChatServer;
  presence: PresenceService;
  registry: ConnectionRegistry;
  /** True when other processes may hold sockets of the same user (Redis scale-out). */
  clustered: boolean;
  /** Whether the user is banned: a server disconnect of theirs is recorded as `banned`. */
  isBanned?: (userId: string) => boolean;
  log: Logger;
  clock: Clock;
}

/**
 * Presence, multi-tab aware: each socket in the connection registry, the user's
 * friends told when their first tab arrives and their last one leaves, and why a
 * socket went (token expiry, a ban, a kick, or the transport's reason).
 */
export function presenceHandlers(deps: PresenceDeps) {
  const { io, presence, registry } = deps;
  const pending = new PendingWork();

  const tellFriends = async (
    user: { id: string; name: string },
    status: 'online' | 'offline',
    lastSeen: Date,
  ) => {
    if (deps.clustered) {
      // Other processes may hold more tabs of this user: count them all before announcing.
      // During a Redis outage only this node's sockets can be counted (and reached).
      const count = await io
        .in(userRoom(user.id))
        .fetchSockets()
        .then(
          (sockets) => sockets.length,
          () => registry.socketsOf(user.id),
        );
      if (status === 'online' ? count > 1 : count > 0) return;
    }
    await presence.announce(user, status, lastSeen);
  };

  const onConnection = (socket: ChatSocket) => {
    const user = socket.data.user;
    const ref = { id: user.id, name: user.name };
    const token = disconnectOnTokenExpiry(socket, deps.clock);

    socket.on('disconnect', (reason) => {
      const why = token.expired()
        ? 'token expired'
        : reason === 'server namespace disconnect'
          ? deps.isBanned?.(user.id)
            ? 'banned'
            : 'server kick'
          : reason;
      if (registry.remove(socket.id, why)) {
        const now = new Date();
        void pending.add(
          presence
            .lastSeen(user.id, now)
            .then(() => tellFriends(ref, 'offline', now))
            .catch((err: unknown) => deps.log.warn({ err }, 'offline presence failed')),
        );
      }
    });

    void socket.join(userRoom(user.id));
    const transport = socket.conn.transport.name === 'websocket' ? 'websocket' : 'polling';
    const auth = socket.handshake.auth as Record<string, unknown>;
    const firstSocket = registry.add({
      id: socket.id,
      user: ref,
      transport,
      origin: socket.handshake.headers.origin ?? '(none)',
      connectedAt: Date.now(),
      lastHeartbeat: null,
      rttMs: null,
      clientVersion:
        typeof auth.clientVersion === 'string' ? auth.clientVersion.slice(0, 64) : 'unknown',
      client: clientFamily(socket.handshake.headers['user-agent']),
      address: socket.handshake.address,
      rooms: () => socket.rooms,
    });
    if (firstSocket) {
      void pending.add(
        tellFriends(ref, 'online', new Date()).catch((err: unknown) =>
          deps.log.warn({ err }, 'online presence failed'),
        ),
      );
    }
  };

  return {
    onConnection,
    /** Resolves once every presence announcement under way is done (before Redis closes). */
    drain: () => pending.idle(),
  };
}
