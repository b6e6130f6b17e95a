import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EventBus } from '../domain/events.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ProxyTrust } from '../proxy-trust.js';
import type { Store } from '../store/types.js';
import { SocketQuota } from '../limits/socket-quota.js';
import type { UserLimits } from '../limits/user-limits.js';
import { authMiddleware } from './auth.middleware.js';
import { listedOrigin, originGuard } from '../origin-guard.js';
import { chatHandlers } from './chat.handlers.js';
import type { Services } from '../services.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { enableDirectBroadcast } from './direct-broadcast.js';
import { syncModeration } from './moderation-sync.js';
import { SocketFanout } from './fanout.js';
import { eventBudget } from './event-budget.js';
import { PendingWork } from '../pending-work.js';
import { peopleHandlers } from './people.handlers.js';
import { heartbeatHandlers } from './heartbeat.js';
import { presenceHandlers } from './presence.handlers.js';
import { typingHandlers } from './typing.handlers.js';
import { RoomCounts } from './room-counts.js';
import { TurnGate } from './turn-gate.js';
import type { ScaleOut } from './scale-out.js';
import type { ChatServer, ChatSocket } from './types.js';
import { CorkedWebSocketServer } from './corked-ws.js';

export interface RealtimeDeps {
  config: Config;
  store: Store;
  /** The domain services (server/services.ts): the handlers parse, call them and answer. */
  services: Services;
  /** Every local socket (built by the caller: the domain asks it who is online). */
  registry: ConnectionRegistry;
  verifier: TokenVerifier;
  /** The domain's events; the realtime layer subscribes and fans each one out to sockets. */
  events: EventBus;
  log: Logger;
  metrics: Metrics;
  /** Redis scale-out (or the single-process stand-in), connected by the caller. */
  scaleOut: ScaleOut;
  limits: UserLimits;
  /** Reads the client's address and the browser's origin behind trusted reverse proxies. */
  proxies: ProxyTrust;
  clock: Clock;
  onAck?: (event: string, ms: number, ok: boolean) => void;
  onRoomEvent?: (room: string, kind: 'join' | 'leave', user: { id: string; name: string }) => void;
  /** After a socket joined a room (the latest quote of a ticker room is sent here). */
  onJoined?: (socket: ChatSocket, room: string) => void;
}

export interface Realtime {
  io: ChatServer;
  registry: ConnectionRegistry;
  fanout: SocketFanout;
  scaleOut: ScaleOut;
  /** Waits for presence work started by disconnects (call after io.close, before scaleOut.close). */
  drain(): Promise<void>;
  /** Acknowledged events still being handled. */
  inflight: PendingWork;
  /** Refuses new handshakes from now on (graceful shutdown). */
  stopAccepting(): void;
  /**
   * Tells every local socket the server is going away (`server_shutdown`) and closes
   * its transport, so clients reconnect by themselves (elsewhere, or after the restart).
   */
  sendAllToReconnect(noticeMs: number): Promise<void>;
}

/**
 * New connections whose handshake work (origin check, upgrade; token, user and ban
 * checks, presence) runs in one turn of the event loop. In a reconnect storm the rest
 * wait for the next turns, so `/health` and the sockets already in are answered between.
 */
const HANDSHAKES_PER_TURN = 64;
/** Acknowledged events (joins, syncs, sends...) run per turn; the rest wait, in order. */
const ACKED_EVENTS_PER_TURN = 128;

/** Creates the Socket.IO server on the HTTP server, with auth, origin checks and every chat handler. */
export async function createRealtime(http: HttpServer, deps: RealtimeDeps): Promise<Realtime> {
  const { config, log, metrics } = deps;
  let draining = false;
  const allowOrigin = originGuard(config.allowedOrigins, deps.proxies);
  // Same-origin pages need no CORS grant; a foreign origin gets one only when listed.
  const listed = listedOrigin(config.allowedOrigins);
  const handshakes = new TurnGate(HANDSHAKES_PER_TURN);
  const io: ChatServer = new Server(http, {
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    maxHttpBufferSize: config.maxHttpBufferSize,
    perMessageDeflate: false,
    // One write per connection per tick (see corked-ws.ts).
    wsEngine: CorkedWebSocketServer,
    serveClient: false,
    // The handshake itself is refused for an origin outside ALLOWED_ORIGINS, not only its CORS headers.
    allowRequest: (req, callback) =>
      handshakes.admit(() => {
        if (draining) return callback('server shutting down', false);
        const ok = allowOrigin(req);
        if (!ok) {
          log.warn(
            { origin: req.headers.origin },
            'handshake refused: origin not allowed (add it to ALLOWED_ORIGINS)',
          );
        }
        callback(ok ? null : 'origin not allowed', ok);
      }),
    cors: {
      origin: (origin, callback) => callback(null, listed(origin)),
      credentials: false,
    },
  });

  // DIRECT_BROADCAST=off: every broadcast through Socket.IO's own code (see direct-broadcast.ts).
  const direct = config.directBroadcast ? enableDirectBroadcast(io) : null;
  if (direct) metrics.countBroadcastPaths(() => direct.paths);
  const { scaleOut, limits } = deps;
  scaleOut.attach(io);
  const { registry, services } = deps;
  const inflight = new PendingWork();
  const ctx = {
    log: log.child({ component: 'realtime' }),
    metrics,
    onAck: deps.onAck,
    inflight,
    gate: new TurnGate(ACKED_EVENTS_PER_TURN),
  };
  if (scaleOut.clustered) syncModeration(io, services.state);
  const fanout = new SocketFanout(io, (userId) => services.state.blockersOf(userId));
  deps.events.subscribe((event) => fanout.handle(event));
  const counts = new RoomCounts(io, deps.store, fanout, {
    nodeId: config.nodeId,
    clustered: scaleOut.clustered,
    log: ctx.log,
  });
  const onPeople = peopleHandlers({ ...ctx, people: services.people });
  const onChat = chatHandlers({
    ...ctx,
    chat: services.chat,
    messages: services.messages,
    reactions: services.reactions,
    moderation: services.moderation,
    state: services.state,
    onRoomEvent: deps.onRoomEvent,
    onJoined: deps.onJoined,
    onlineIn: (room) => counts.online(room),
  });
  const presence = presenceHandlers({
    io,
    presence: services.presence,
    registry,
    clustered: scaleOut.clustered,
    isBanned: (userId) => services.state.banOf(userId) !== undefined,
    log: ctx.log,
    clock: deps.clock,
  });
  const onTyping = typingHandlers({
    fanout,
    typingTimeoutMs: config.typingTimeoutMs,
    typingMinIntervalMs: config.typingMinIntervalMs,
    // A muted user's typing is not forwarded.
    mayType: (userId, room) => !services.state.muteOf(userId, room),
  });
  const onHeartbeat = heartbeatHandlers(ctx, registry);

  const auth = authMiddleware(deps.verifier, deps.store, (id) => services.state.banOf(id), {
    limits,
    sockets: new SocketQuota(config.limits.socketsPerUser, scaleOut.sockets, ctx.log),
    proxies: deps.proxies,
  });
  io.use((socket, next) => handshakes.admit(() => void auth(socket, next)));
  io.on('connection', (socket) => {
    eventBudget(socket, config.limits.eventsPerSecond);
    metrics.connectsTotal.inc();
    presence.onConnection(socket);
    onTyping(socket);
    onHeartbeat(socket);
    metrics.connections.set(registry.size);
    onChat(socket);
    onPeople(socket);
    socket.on('disconnect', (reason) => {
      metrics.connections.set(registry.size);
      metrics.disconnectsTotal.inc({ reason });
    });
    socket.on('error', (err) => ctx.log.debug({ err }, 'socket error'));
  });

  return {
    io,
    registry,
    fanout,
    scaleOut,
    drain: async () => {
      direct?.disable();
      counts.stop();
      await presence.drain();
    },
    inflight,
    stopAccepting: () => {
      draining = true;
    },
    sendAllToReconnect: async (noticeMs) => {
      const sockets = [...io.of('/').sockets.values()];
      fanout.shuttingDown();
      // A moment for the notices to leave before the connections close.
      await new Promise((resolve) => setTimeout(resolve, noticeMs));
      // Closing the transport, not a server disconnect, so clients reconnect by themselves.
      for (const socket of sockets) socket.conn.close();
    },
  };
}
