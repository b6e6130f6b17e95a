import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import Koa from 'koa';
import type { ConsoleBackend } from '../console/console.js';
import type { Config } from '../config.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { originGuard } from '../origin-guard.js';
import type { ProxyTrust } from '../proxy-trust.js';
import type { ServerApiParts } from '../server-api.js';
import type { Services } from '../services.js';
import type { Store } from '../store/types.js';
import { adminRoutes } from './admin.routes.js';
import { apiGuard, type ApiLimits } from './api-limits.js';
import { apiRoutes } from './api.routes.js';
import { requireAuth, type AuthState } from './auth.js';
import { clientAddress } from './client-address.js';
import { apiCors } from './cors.js';
import { devRoutes } from './dev.routes.js';
import { errorMiddleware } from './error.middleware.js';
import { healthRoutes } from './health.routes.js';
import { userOrModeratorKey } from './mod-key.auth.js';
import { modRoutes } from './mod.routes.js';
import { buildOpenApi } from './openapi.js';
import { newRouter } from './router.js';
import { staticFiles } from './static.js';
import { webhookRoutes } from './webhooks.routes.js';

export interface HttpDeps {
  config: Config;
  store: Store;
  services: Services;
  verifier: TokenVerifier;
  limits: UserLimits;
  apiLimits: ApiLimits;
  proxies: ProxyTrust;
  serverApi: ServerApiParts;
  console: ConsoleBackend;
  metrics: Metrics;
  startedAt: number;
  connections: () => number;
  /** Whether Redis is reachable (scale-out only). */
  redis?: () => boolean;
  logger: Logger;
}

export interface HttpApp {
  koa: Koa<AuthState>;
  /** `/health` and `/metrics` alone, for the management listener (HEALTH_PORT). */
  probes: Koa;
  health: Router;
  api: Router<AuthState>;
}

/** Every `/api` route: the server API (key), the dev endpoints, and the signed-in routes. */
function apiRouter(deps: HttpDeps): Router<AuthState> {
  const { config, store, services, verifier, serverApi } = deps;
  const api = newRouter<AuthState>({ prefix: '/api' });
  if (config.env !== 'production') api.use(devRoutes(verifier, store, services.friends).routes());
  // The host platform's backend signs in with an API key, not a user token.
  api.use(serverApi.routes.routes());
  const openApi = buildOpenApi(config.version);
  api.get('/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
  const authed = newRouter<AuthState>();
  const userAuth = requireAuth(verifier, store, (id) => services.state.banOf(id));
  const log = deps.logger.child({ component: 'server-api' });
  authed.use(userOrModeratorKey(userAuth, services.apiKeys, store, log));
  authed.use(async (ctx, next) => {
    await deps.limits.api.consume(ctx.state.user.id);
    await next();
  });
  const friendsManagedByHost = config.friendsManagedByHost;
  authed.use(apiRoutes(services.chat, services.friends, { friendsManagedByHost }).routes());
  authed.use(adminRoutes(deps.console.admin, deps.console.cluster).routes());
  authed.use(modRoutes(services.moderation).routes());
  const webhooks = serverApi.webhooks;
  authed.use(
    webhookRoutes(store.webhooks, {
      enabled: webhooks !== null,
      kick: () => webhooks?.kick(),
    }).routes(),
  );
  api.use(authed.routes());
  return api;
}

/** The Koa application: its middleware in order, the health routes, `/api` and the static files. */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { config, logger, proxies } = deps;
  const koa = new Koa<AuthState>();
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
  koa.use(apiGuard(deps.apiLimits));
  const json = bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' });
  // A batch of 1,000 quotes is about 100 kB.
  const serverJson = bodyParser({ enableTypes: ['json'], jsonLimit: '512kb' });
  koa.use((ctx, next) => (ctx.path.startsWith('/api/server/') ? serverJson : json)(ctx, next));
  const health = healthRoutes({
    version: config.version,
    startedAt: deps.startedAt,
    store: deps.store,
    metrics: deps.metrics,
    connections: deps.connections,
    redis: deps.redis,
  });
  const api = apiRouter(deps);
  koa.use(health.routes());
  koa.use(api.routes());
  koa.use(api.allowedMethods());
  koa.use(staticFiles(config.paths));
  const probes = new Koa();
  probes.use(errorMiddleware(logger.child({ component: 'health' })));
  probes.use(health.routes());
  return { koa, probes, health, api };
}
