import type Router from '@koa/router';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/types.js';
import { newRouter } from './router.js';

export interface HealthDeps {
  version: string;
  startedAt: number;
  store: Store;
  metrics: Metrics;
  connections: () => number;
  /** Whether Redis is reachable (scale-out only). */
  redis?: () => boolean;
}

/** /health answers within this even when the store hangs (an unreachable MongoDB). */
const STORE_CHECK_MS = 1_500;

async function storeAnswers(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_CHECK_MS);
  });
  try {
    return await Promise.race([store.ping().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health` (no auth) and `GET /metrics` (Prometheus text). */
export function healthRoutes(deps: HealthDeps): Router {
  const router = newRouter();
  router.get('/health', async (ctx) => {
    // Degraded while writes fail (disk full, I/O errors), not only when reads do.
    const answers = await storeAnswers(deps.store);
    const writes = !deps.store.writesFailing();
    const storeOk = answers && writes;
    const redisOk = deps.redis?.() ?? true;
    ctx.status = storeOk ? 200 : 503;
    ctx.body = {
      status: storeOk && redisOk ? 'ok' : 'degraded',
      version: deps.version,
      uptime: Math.round((Date.now() - deps.startedAt) / 1000),
      store: { kind: deps.store.kind, ok: storeOk, writes: writes ? 'ok' : 'failing' },
      ...(deps.redis ? { redis: { ok: redisOk } } : {}),
      connections: deps.connections(),
    };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  return router;
}
