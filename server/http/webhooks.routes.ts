import type Router from '@koa/router';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { parse } from '../domain/validation.js';
import type { WebhookRepository } from '../store/types.js';
import { requireRole, type AuthState } from './auth.js';
import { newRouter } from './router.js';

export const webhookSchemas = {
  list: z.strictObject({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  id: z.strictObject({ id: z.string().min(1).max(100) }),
};

/**
 * `/api/admin/webhooks`: the delivery log (newest first; viewer or admin) and
 * redelivery (admin): a delivery, failed or delivered, goes out again with the
 * same event id and body; the dispatcher is woken at once.
 */
export function webhookRoutes(
  queue: WebhookRepository,
  webhooks: { enabled: boolean; kick(): void },
): Router<AuthState> {
  const router = newRouter<AuthState>({ prefix: '/admin' });
  router.use(requireRole('admin', 'viewer'));

  router.get('/webhooks', async (ctx) => {
    const { status, limit } = parse(webhookSchemas.list, ctx.query);
    ctx.body = { enabled: webhooks.enabled, items: await queue.list(limit, status) };
  });

  router.post('/webhooks/:id/redeliver', requireRole('admin'), async (ctx) => {
    const { id } = parse(webhookSchemas.id, ctx.params);
    if (!(await queue.redeliver(id))) throw notFound(`no webhook delivery ${id}`);
    webhooks.kick();
    ctx.body = { delivery: await queue.get(id) };
  });

  return router;
}
