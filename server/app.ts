import { createServer, type Server as HttpServer } from 'node:http';
import type Koa from 'koa';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { ActivityTracker } from './console/activity-tracker.js';
import { createConsole } from './console/console.js';
import type { ChatService } from './domain/chat-service.js';
import { EventBus } from './domain/events.js';
import type { FriendsService } from './domain/friends-service.js';
import { TokenVerifier } from './domain/identity.js';
import type { ModerationService } from './domain/moderation/moderation-service.js';
import type { ModerationState } from './domain/moderation/moderation-state.js';
import { ApiLimits } from './http/api-limits.js';
import type { AuthState } from './http/auth.js';
import { closeServer, endConnections } from './http/close-server.js';
import { createHttpApp } from './http/koa-app.js';
import { UserLimits } from './limits/user-limits.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { ProxyTrust } from './proxy-trust.js';
import { ConnectionRegistry } from './realtime/connection-registry.js';
import { connectScaleOut, singleProcess, type ScaleOut } from './realtime/scale-out.js';
import { createRealtime, type Realtime } from './realtime/socket-server.js';
import type { ChatServer } from './realtime/types.js';
import { createServerApi, type ServerApiParts } from './server-api.js';
import { buildServices } from './services.js';
import type { Store } from './store/types.js';

/** The running application: what tests, the bootstrap and benchmarks hold on to. */
export interface App {
  http: HttpServer;
  /** `/health` and `/metrics` alone, for a management port (HEALTH_PORT); not listening yet. */
  probes: HttpServer;
  io: ChatServer;
  koa: Koa<AuthState>;
  config: Config;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  registry: ConnectionRegistry;
  activity: ActivityTracker;
  verifier: TokenVerifier;
  chat: ChatService;
  friends: FriendsService;
  /** API keys, `/api/server`, live quotes and webhooks. */
  serverApi: ServerApiParts;
  /**
   * Every mounted REST route as `METHOD /path` (what /api/openapi.json must describe);
   * with `'all'`, every route of every Koa router the server mounts (`/health`, `/metrics` too).
   */
  routeTable(scope?: 'api' | 'all'): string[];
  limits: UserLimits;
  scaleOut: ScaleOut;
  /** Every change the domain announces; subscribe to follow them (webhooks, tests). */
  events: EventBus;
  moderation: ModerationService;
  /** Mutes, bans and blocks in memory (what the send path reads). */
  moderationState: ModerationState;
  /** Stops accepting, disconnects every socket, and waits for pending writes; does not close the store. */
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM/SIGINT): refuses new connections and handshakes, lets
   * in-flight handlers finish and their acks go out, tells every client why, closes
   * the connections (clients reconnect by themselves), then `close()`. Bounded by
   * `graceMs`; resolves with how many handlers were still running at the end.
   */
  shutdown(graceMs: number): Promise<{ unfinished: number }>;
}

export interface AppOptions {
  logger?: Logger;
  /** What the rules read the time from; the system clock unless a test drives one. */
  clock?: Clock;
}

/** The parts every layer shares: built first, from the config alone. */
async function connectCore(config: Config, options: AppOptions) {
  const logger = options.logger ?? createLogger(config.logLevel);
  const scaleOut = config.redisUrl
    ? await connectScaleOut(config.redisUrl, logger.child({ component: 'scale-out' }))
    : singleProcess;
  return {
    logger,
    metrics: new Metrics(),
    verifier: new TokenVerifier(config.jwt),
    scaleOut,
    limits: new UserLimits(config.limits, scaleOut.backend, logger),
    events: new EventBus((err, what) => logger.warn({ err, what }, 'domain event failed')),
    // Koa reads no X-Forwarded-* itself (it would trust them from any peer): clientAddress()
    // sets ctx.ip, and the same-origin check asks `proxies` for the scheme and host.
    proxies: new ProxyTrust(config.trustProxy),
    activity: new ActivityTracker(),
    clock: options.clock ?? systemClock,
    registry: new ConnectionRegistry(config.pingIntervalMs + config.pingTimeoutMs, config.nodeId),
    startedAt: Date.now(),
  };
}

/**
 * The composition root: config and store in, every part built once and handed to
 * the layers that use it (domain services to both the HTTP routes and the socket
 * handlers); call `http.listen()` to start.
 */
export async function createApplication(
  config: Config,
  store: Store,
  options: AppOptions = {},
): Promise<App> {
  const core = await connectCore(config, options);
  const { logger, metrics, scaleOut, limits, events, activity, registry } = core;
  events.subscribe((event) => {
    if (event.type === 'message.created') metrics.messagesTotal.inc();
    activity.observe(event);
  });
  const services = await buildServices({
    store,
    config,
    events,
    scaleOut,
    limits,
    log: logger.child({ component: 'realtime' }),
    isOnline: (id) => registry.isOnline(id),
    clock: core.clock,
  });
  // Koa's body setter tests `instanceof ReadableStream`/`Response`, globals Node loads lazily
  // (undici: 20-180 ms of module loading on this machine). Loaded now, before listening, rather
  // than on the event loop under the first requests after a (re)start, e.g. a reconnect storm.
  void [globalThis.ReadableStream, globalThis.Blob, globalThis.Response];
  // Koa composes its middleware when callback() is called, so the server asks for it once wired.
  const handler: { current?: ReturnType<Koa['callback']> } = {};
  const http = createServer((req, res) => handler.current!(req, res));
  const realtime = await createRealtime(http, {
    ...core,
    config,
    store,
    services,
    log: logger,
    onAck: (event, ms, ok) => activity.ack(event, ms, ok),
    onRoomEvent: (room, kind, user) => activity.roomEvent(room, kind, user),
    // Called only once the server listens, after serverApi below exists.
    onJoined: (socket, room) => serverApi.onJoined(socket, room),
  });
  const { io, fanout } = realtime;
  const apiLimits = new ApiLimits(limits);
  const { chat, friends } = services;
  const serverApi: ServerApiParts = await createServerApi({
    config,
    store,
    io,
    chat,
    friends,
    events,
    log: logger,
    limits: apiLimits,
    clock: core.clock,
  });
  const backend = createConsole({
    ...core,
    io,
    http,
    config,
    store,
    services,
    fanout,
    clustered: scaleOut.clustered,
    log: logger,
  });
  const web = createHttpApp({
    ...core,
    config,
    store,
    services,
    apiLimits,
    serverApi,
    console: backend,
    connections: () => registry.size,
    redis: config.redisUrl ? () => scaleOut.healthy() : undefined,
  });
  handler.current = web.koa.callback();
  // The management listener (HEALTH_PORT): the same /health and /metrics, nothing else.
  const probes = createServer(web.probes.callback());
  const close = async () => {
    // io.close() disconnects every socket, closes the engine, then `http.close()`.
    await endConnections(http, new Promise<void>((resolve) => void io.close(() => resolve())));
    await closeServer(probes);
    await events.drain();
    services.stop();
    await realtime.drain();
    await serverApi.close();
    await scaleOut.close();
  };
  return {
    ...core,
    http,
    probes,
    io,
    koa: web.koa,
    config,
    store,
    chat,
    friends,
    serverApi,
    routeTable: (scope = 'api') =>
      (scope === 'all' ? [...web.health.stack, ...web.api.stack] : web.api.stack).flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`),
      ),
    moderation: services.moderation,
    moderationState: services.state,
    shutdown: (graceMs) => shutdown(http, realtime, close, graceMs),
    close,
  };
}

/**
 * Graceful shutdown: refuse new work, let in-flight handlers answer, send every
 * client to reconnect, then close; bounded by `graceMs`.
 */
async function shutdown(
  http: HttpServer,
  realtime: Realtime,
  close: () => Promise<void>,
  graceMs: number,
): Promise<{ unfinished: number }> {
  const deadline = performance.now() + graceMs;
  const left = () => Math.max(0, deadline - performance.now());
  realtime.stopAccepting();
  if (http.listening) http.close();
  await realtime.inflight.settled(left() * 0.6);
  await realtime.sendAllToReconnect(Math.min(200, left() * 0.1));
  // Events that arrived meanwhile still get stored (their clients retry with the same clientId).
  await realtime.inflight.settled(left() * 0.5);
  const unfinished = realtime.inflight.size;
  await Promise.race([close(), new Promise((r) => setTimeout(r, left()).unref())]);
  return { unfinished };
}
