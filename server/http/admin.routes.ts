import type Router from '@koa/router';
import { parse, schemas } from '../domain/validation.js';
import type { AdminService } from '../console/admin.service.js';
import type { ClusterView } from '../console/cluster-view.js';
import { requireRole, type AuthState } from './auth.js';
import { newRouter } from './router.js';

/**
 * `/api/admin/*` for scripts and the console alike; mount it behind
 * `requireAuth`. Reads need the `admin` or `viewer` role, actions `admin`
 * (the service checks again, and logs who acted).
 */
export function adminRoutes(admin: AdminService, cluster: ClusterView): Router<AuthState> {
  const router = newRouter<AuthState>({ prefix: '/admin' });
  router.use(requireRole('admin', 'viewer'));

  // These cover every node of the cluster (through Redis when REDIS_URL is set).
  router.get('/overview', async (ctx) => {
    ctx.body = await cluster.overview();
  });

  router.get('/connections', async (ctx) => {
    const { page, pageSize, q } = ctx.query;
    ctx.body = await cluster.connections({ page, pageSize, q });
  });

  // Subscribers and message rates summed over every node too.
  router.get('/rooms', async (ctx) => {
    ctx.body = { rooms: await admin.rooms((ids) => cluster.roomsLive(ids)) };
  });

  router.get('/rooms/:room/events', async (ctx) => {
    ctx.body = { events: await admin.roomEvents(ctx.params.room) };
  });

  router.post('/connections/:id/disconnect', requireRole('admin'), async (ctx) => {
    ctx.body = await admin.disconnect(ctx.state.user, ctx.params.id);
  });

  router.post('/notices', requireRole('admin'), (ctx) => {
    ctx.status = 201;
    const input = parse(schemas.notice, ctx.request.body);
    ctx.body = { notice: admin.notice(ctx.state.user, input) };
  });

  return router;
}
