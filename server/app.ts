import { createServer, type Server as HttpServer } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Config } from './config.js';
import type { ChatService } from './domain/chat-service.js';
import { EventBus } from './domain/events.js';
import type { ModerationService } from './domain/moderation/moderation-service.js';
import type { ModerationState } from './domain/moderation/moderation-state.js';
import { FriendsService } from './domain/friends-service.js';
import { TokenVerifier } from './domain/identity.js';
import { NoticeService } from './domain/notice-service.js';
import { ApiLimits, apiGuard } from './http/api-limits.js';
import { apiRoutes } from './http/api.routes.js';
import { clientAddress } from './http/client-address.js';
import { apiCors } from './http/cors.js';
import { originGuard } from './realtime/auth.middleware.js';
import { requireAuth, type AuthState } from './http/auth.js';
import { devRoutes } from './http/dev.routes.js';
import { errorMiddleware } from './http/error.middleware.js';
import { closeServer, endConnections } from './http/close-server.js';
import { healthRoutes, type HealthDeps } from './http/health.routes.js';
import { newRouter } from './http/router.js';
import { staticFiles } from './http/static.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { ProxyTrust } from './proxy-trust.js';
import { createRealtime } from './realtime/socket-server.js';
import type { ConnectionRegistry } from './realtime/connection-registry.js';
import type { ChatServer } from './realtime/types.js';
import type { Store } from './store/types.js';
import { ActivityTracker } from './realtime/activity-tracker.js';
import { adminRoutes } from './http/admin.routes.js';
import { UserLimits } from './limits/user-limits.js';
import { connectScaleOut, singleProcess, type ScaleOut } from './realtime/scale-out.js';
import { modRoutes } from './http/mod.routes.js';
import { webhookRoutes } from './http/webhooks.routes.js';
import { AdminStats } from './realtime/admin-stats.js';
import { userOrModeratorKey } from './http/mod-key.auth.js';
import { ApiKeys } from './domain/api-keys.js';
import { registerAdminNamespace } from './realtime/admin.handlers.js';
import { AdminService } from './realtime/admin.service.js';
import { buildOpenApi } from './http/openapi.js';
import { createServerApi, type ServerApiParts } from './server-api.js';
import { ClusterView } from './realtime/cluster-view.js';

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
}

/** Wires config and store into an HTTP server with Koa and Socket.IO; call `http.listen()` to start. */
export async function createApplication(
  config: Config,
  store: Store,
  options: AppOptions = {},
): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const verifier = new TokenVerifier(config.jwt);
  const scaleOut = config.redisUrl
    ? await connectScaleOut(config.redisUrl, logger.child({ component: 'scale-out' }))
    : singleProcess;
  const limits = new UserLimits(config.limits, scaleOut.backend, logger);
  const events = new EventBus((err, what) => logger.warn({ err, what }, 'domain event failed'));
  const proxies = new ProxyTrust(config.trustProxy);
  // Koa reads no X-Forwarded-* itself (it would trust them from any peer): clientAddress()
  // below sets ctx.ip, and the same-origin check asks `proxies` for the scheme and host.
  const koa = new Koa<AuthState>();
  // Koa's body setter tests `instanceof ReadableStream`/`Response`, globals Node loads lazily
  // (undici: 20-180 ms of module loading on this machine). Loaded now, before listening, rather
  // than on the event loop under the first requests after a (re)start, e.g. a reconnect storm.
  void [globalThis.ReadableStream, globalThis.Blob, globalThis.Response];
  // Koa composes its middleware when callback() is called, so the server asks for it once wired.
  const handler: { current?: ReturnType<Koa['callback']> } = {};
  const http = createServer((req, res) => handler.current!(req, res));
  const activity = new ActivityTracker();
  events.subscribe((event) => {
    if (event.type === 'message.created') metrics.messagesTotal.inc();
    activity.observe(event);
  });

  const realtime = await createRealtime(http, {
    config,
    store,
    verifier,
    events,
    log: logger,
    metrics,
    scaleOut,
    limits,
    proxies,
    onAck: (event, ms, ok) => activity.ack(event, ms, ok),
    onRoomEvent: (room, kind, user) => activity.roomEvent(room, kind, user),
    onJoined: (socket, room) => serverApi?.onJoined(socket, room),
  });
  const { io, registry, fanout } = realtime;
  const { chat, moderation, state, audit } = realtime.services;
  const friends = new FriendsService(store, chat, events, (id) => registry.isOnline(id), limits);
  const startedAt = Date.now();
  const apiLimits = new ApiLimits(limits);
  const serverApi: ServerApiParts = await createServerApi({
    config,
    store,
    io,
    chat,
    friends,
    events,
    log: logger,
    limits: apiLimits,
  });

  const api = newRouter<AuthState>({ prefix: '/api' });
  if (config.env !== 'production') {
    const dev = devRoutes(verifier, store, friends);
    api.use(dev.routes());
  }
  // The host platform's backend signs in with an API key, not a user token.
  api.use(serverApi.routes.routes());
  const openApi = buildOpenApi(config.version);
  api.get('/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
  const authed = newRouter<AuthState>();
  authed.use(
    userOrModeratorKey(
      requireAuth(verifier, store, (id) => state.banOf(id)),
      new ApiKeys(store),
      store,
      logger.child({ component: 'server-api' }),
    ),
  );
  authed.use(async (ctx, next) => {
    await limits.api.consume(ctx.state.user.id);
    await next();
  });
  authed.use(
    apiRoutes(chat, friends, { friendsManagedByHost: config.friendsManagedByHost }).routes(),
  );
  // admin: the console's REST routes are mounted here.
  const adminLog = logger.child({ component: 'admin' });
  const admin = new AdminService({
    io,
    registry,
    activity,
    store,
    notices: new NoticeService(events),
    events,
    config,
    startedAt,
    log: adminLog,
  });
  // The console's disconnect and notice go to the moderation audit log too.
  events.subscribe((event) => {
    if (event.type !== 'admin.action') return;
    const { action } = event;
    void audit({
      actor: action.actor.id,
      action: action.action,
      target: action.target,
      reason: action.detail ?? '',
    });
  });
  const adminStats = new AdminStats(registry, activity);
  const cluster = new ClusterView(
    io,
    {
      nodeId: config.nodeId,
      version: config.version,
      startedAt,
      overview: () => admin.overview(),
      userIds: () => registry.userIds(),
      connections: (limit, q) => registry.page(1, limit, q),
      statsHistory: () => adminStats.history(),
      roomsLive: (rooms) => admin.roomsLive(rooms),
    },
    scaleOut.clustered,
  );
  authed.use(adminRoutes(admin, cluster).routes());
  authed.use(modRoutes(moderation).routes());
  authed.use(
    webhookRoutes(store.webhooks, {
      enabled: serverApi.webhooks !== null,
      kick: () => serverApi.webhooks?.kick(),
    }).routes(),
  );
  api.use(authed.routes());

  // First, so every later middleware (limits, logs) reads the same ctx.ip.
  koa.use(clientAddress(proxies));
  koa.use(errorMiddleware(logger.child({ component: 'http' })));
  koa.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });
  // Host sites call /api from their own origin (the widget's room list, friends).
  koa.use(apiCors(originGuard(config.allowedOrigins, proxies)));
  // Limits per address and on refused credentials: before a body is parsed or a credential read.
  koa.use(apiGuard(apiLimits));
  const json = bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' });
  // A batch of 1,000 quotes is about 100 kB.
  const serverJson = bodyParser({ enableTypes: ['json'], jsonLimit: '512kb' });
  koa.use((ctx, next) => (ctx.path.startsWith('/api/server/') ? serverJson : json)(ctx, next));
  const healthDeps: HealthDeps = {
    version: config.version,
    startedAt,
    store,
    metrics,
    connections: () => registry.size,
    redis: config.redisUrl ? () => scaleOut.healthy() : undefined,
  };
  const health = healthRoutes(healthDeps);
  koa.use(health.routes());
  koa.use(api.routes());
  koa.use(api.allowedMethods());
  koa.use(staticFiles(config.paths));
  handler.current = koa.callback();
  // The management listener (HEALTH_PORT): the same /health and /metrics, nothing else.
  const probesKoa = new Koa();
  probesKoa.use(errorMiddleware(logger.child({ component: 'health' })));
  probesKoa.use(health.routes());
  const probes = createServer(probesKoa.callback());

  // admin: the /admin namespace is registered here.
  registerAdminNamespace(io, http, {
    admin,
    cluster,
    stats: adminStats,
    verifier,
    registry,
    activity,
    fanout,
    log: adminLog,
    metrics,
  });

  const close = async () => {
    // io.close() disconnects every socket, closes the engine, then `http.close()`.
    await endConnections(http, new Promise<void>((resolve) => void io.close(() => resolve())));
    await closeServer(probes);
    await events.drain();
    await realtime.drain();
    await serverApi.close();
    await scaleOut.close();
  };

  return {
    http,
    probes,
    io,
    koa,
    config,
    store,
    logger,
    metrics,
    registry,
    activity,
    verifier,
    chat,
    friends,
    serverApi,
    routeTable: (scope = 'api') =>
      (scope === 'all' ? [...health.stack, ...api.stack] : api.stack).flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`),
      ),
    limits,
    scaleOut,
    events,
    moderation,
    moderationState: state,
    async shutdown(graceMs) {
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
    },
    close,
  };
}
