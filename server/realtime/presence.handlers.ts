import type { PresenceService } from '../domain/presence-service.js';
import { parse, schemas } from '../domain/validation.js';
import type { Logger } from '../logger.js';
import type { ClientToServerEvents } from '../protocol.js';
import type { SocketFanout } from './fanout.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { userRoom, type ChatServer, type ChatSocket } from './types.js';
import { clientFamily } from './user-agent.js';

export interface PresenceDeps extends HandlerContext {
  io: ChatServer;
  presence: PresenceService;
  fanout: SocketFanout;
  registry: ConnectionRegistry;
  typingTimeoutMs: number;
  /** A socket's `typing: true` is forwarded at most once per room per this many ms. */
  typingMinIntervalMs: number;
  /** True when other processes may hold sockets of the same user (Redis scale-out). */
  clustered: boolean;
  /** Whether the user's typing in the room is forwarded (a muted user's is not). */
  mayType?: (userId: string, room: string) => boolean;
  /** Whether the user is banned: a server disconnect of theirs is recorded as `banned`. */
  isBanned?: (userId: string) => boolean;
  log: Logger;
}

/** The longest delay setTimeout honours; tokens valid for longer are checked on reconnect only. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Presence (multi-tab aware), typing (volatile, never echoed, self-expiring),
 * heartbeats with round-trip time, and disconnection when the token expires.
 */
export function presenceHandlers(deps: PresenceDeps) {
  const { io, presence, fanout, registry } = deps;
  const acked = ackedFor<ClientToServerEvents>(deps);

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

  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const onConnection = (socket: ChatSocket) => {
    const user = socket.data.user;
    const ref = { id: user.id, name: user.name };
    const typingTimers = new Map<string, NodeJS.Timeout>();
    const typingForwardedAt = new Map<string, number>();

    const stopTyping = (room: string) => {
      const timer = typingTimers.get(room);
      if (!timer) return;
      clearTimeout(timer);
      typingTimers.delete(room);
      fanout.typing(socket, { room, user: ref, typing: false });
    };

    socket.on('typing', (payload: unknown) => {
      try {
        const { room, typing } = parse(schemas.typing, payload);
        // Only rooms this socket joined, which permission already checked.
        if (!socket.rooms.has(room)) return;
        if (deps.mayType && !deps.mayType(user.id, room)) return;
        if (!typing) return stopTyping(room);
        const fresh = !typingTimers.has(room);
        if (fresh) {
          // A flood (true, false, true, …) reaches the room at most once per interval; extras are dropped.
          const now = performance.now();
          if (now - (typingForwardedAt.get(room) ?? -Infinity) < deps.typingMinIntervalMs) return;
          typingForwardedAt.set(room, now);
        }
        clearTimeout(typingTimers.get(room));
        typingTimers.set(
          room,
          setTimeout(() => stopTyping(room), deps.typingTimeoutMs),
        );
        if (fresh) fanout.typing(socket, { room, user: ref, typing: true });
      } catch {
        // Typing is fire-and-forget: a malformed one is dropped.
      }
    });

    socket.on(
      'ping',
      acked('ping', schemas.ping, ({ t }) => {
        const pong = { t, serverTime: Date.now() };
        registry.heartbeat(socket.id);
        socket.emit('pong', pong);
        return pong;
      }),
    );

    // Engine.IO heartbeats: the server pings, the client pongs; the gap is the round trip.
    let pingSentAt = 0;
    socket.conn.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'ping') pingSentAt = performance.now();
    });
    socket.conn.on('packet', (packet: { type: string }) => {
      if (packet.type === 'pong' && pingSentAt)
        registry.heartbeat(socket.id, performance.now() - pingSentAt);
    });
    socket.conn.once('upgrade', () => registry.upgraded(socket.id, 'websocket'));

    let expired = false;
    const expiresIn = user.expiresAt - Date.now();
    const expiry =
      expiresIn < MAX_TIMER_MS
        ? setTimeout(
            () => {
              socket.emit('session_expired', { reason: 'token expired' });
              expired = true;
              socket.disconnect(true);
            },
            Math.max(0, expiresIn),
          )
        : undefined;

    socket.on('disconnecting', () => {
      for (const room of typingTimers.keys()) stopTyping(room);
    });

    socket.on('disconnect', (reason) => {
      clearTimeout(expiry);
      const why = expired
        ? 'token expired'
        : reason === 'server namespace disconnect'
          ? deps.isBanned?.(user.id)
            ? 'banned'
            : 'server kick'
          : reason;
      if (registry.remove(socket.id, why)) {
        const now = new Date();
        track(
          presence
            .lastSeen(user.id, now)
            .then(() => tellFriends(ref, 'offline', now))
            .catch((err: unknown) => deps.log.warn({ err }, 'offline presence failed')),
        );
      }
    });

    socket.join(userRoom(user.id));
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
      track(
        tellFriends(ref, 'online', new Date()).catch((err: unknown) =>
          deps.log.warn({ err }, 'online presence failed'),
        ),
      );
    }
  };

  return {
    onConnection,
    /** Resolves once every presence announcement under way is done (before Redis closes). */
    drain: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
