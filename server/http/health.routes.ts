import Router from '@koa/router';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/types.js';

export interface HealthDeps {
  version: string;
  startedAt: number;
  store: Store;
  metrics: Metrics;
  connections: () => number;
}

/** `GET /health` (no auth) and `GET /metrics` (Prometheus text). */
export function healthRoutes(deps: HealthDeps): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const storeOk = await deps.store.ping().catch(() => false);
    ctx.status = storeOk ? 200 : 503;
    ctx.body = {
      status: storeOk ? 'ok' : 'degraded',
      version: deps.version,
      uptime: Math.round((Date.now() - deps.startedAt) / 1000),
      store: { kind: deps.store.kind, ok: storeOk },
      connections: deps.connections(),
    };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  return router;
}
