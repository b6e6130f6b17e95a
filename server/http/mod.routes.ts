import type Router from '@koa/router';
import type { ModerationService } from '../domain/moderation/moderation-service.js';
import { MODERATION_READERS, MODERATOR_ROLES } from '../domain/moderation/roles.js';
import { badRequest } from '../errors.js';
import { parse, schemas } from '../domain/validation.js';
import { requireRole, type AuthState } from './auth.js';
import { newRouter } from './router.js';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function pageOf(query: Record<string, unknown>): { cursor: string | undefined; limit: number } {
  const cursor =
    typeof query.cursor === 'string' && query.cursor ? query.cursor.slice(0, 64) : undefined;
  const raw = query.limit;
  if (raw === undefined) return { cursor, limit: DEFAULT_PAGE };
  const limit = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw badRequest(`limit must be an integer from 1 to ${MAX_PAGE}`);
  return { cursor, limit };
}

const text = (value: unknown, max = 500) =>
  typeof value === 'string' ? value.trim().slice(0, max) : '';

function seqParam(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw badRequest('seq must be a positive integer');
  return n;
}

/**
 * `/api/mod/*`: moderator actions (moderator or admin; a group's creator for the
 * room-scoped ones, checked by the service) and reads (also viewer). Lists
 * answer `{ items, nextCursor }`; a reason travels as `?reason=` on DELETE.
 */
export function modRoutes(mod: ModerationService): Router<AuthState> {
  const router = newRouter<AuthState>({ prefix: '/mod' });
  const read = requireRole(...MODERATION_READERS);
  const act = requireRole(...MODERATOR_ROLES);

  router.get('/reports', read, async (ctx) => {
    const status = ctx.query.status ?? 'open';
    if (status !== 'open' && status !== 'resolved') throw badRequest('status is open or resolved');
    const { cursor, limit } = pageOf(ctx.query);
    ctx.body = await mod.reports(status, cursor, limit);
  });

  router.post('/reports/:id/resolve', act, async (ctx) => {
    const input = parse(schemas.resolve, ctx.request.body);
    ctx.body = await mod.resolve(ctx.state.user, ctx.params.id!, input);
  });

  // Room-scoped actions: the service lets a group's creator act on that group.
  router.delete('/messages/:room/:seq', async (ctx) => {
    const seq = seqParam(ctx.params.seq);
    ctx.body = await mod.deleteMessage(
      ctx.state.user,
      ctx.params.room!,
      seq,
      text(ctx.query.reason),
    );
  });

  router.get('/mutes', read, async (ctx) => {
    const { cursor, limit } = pageOf(ctx.query);
    ctx.body = await mod.mutes(cursor, limit);
  });

  router.post('/mutes', async (ctx) => {
    ctx.status = 201;
    ctx.body = { mute: await mod.mute(ctx.state.user, parse(schemas.mute, ctx.request.body)) };
  });

  router.delete('/mutes/:id', async (ctx) => {
    ctx.body = { mute: await mod.unmute(ctx.state.user, ctx.params.id!, text(ctx.query.reason)) };
  });

  router.get('/bans', read, async (ctx) => {
    const { cursor, limit } = pageOf(ctx.query);
    ctx.body = await mod.bans(cursor, limit);
  });

  router.post('/bans', act, async (ctx) => {
    ctx.status = 201;
    ctx.body = { ban: await mod.ban(ctx.state.user, parse(schemas.ban, ctx.request.body)) };
  });

  router.delete('/bans/:userId', act, async (ctx) => {
    ctx.body = await mod.unban(ctx.state.user, ctx.params.userId!, text(ctx.query.reason));
  });

  router.get('/rooms/:room', read, async (ctx) => {
    ctx.body = { settings: await mod.getRoomSettings(ctx.params.room!) };
  });

  router.patch('/rooms/:room', async (ctx) => {
    const change = parse(schemas.roomSettings, ctx.request.body);
    ctx.body = { settings: await mod.roomSettings(ctx.state.user, ctx.params.room!, change) };
  });

  router.get('/users', read, async (ctx) => {
    ctx.body = await mod.users.find(text(ctx.query.q, 64));
  });

  router.get('/users/:userId', read, async (ctx) => {
    ctx.body = await mod.users.review(ctx.params.userId!);
  });

  router.post('/users/:userId/purge', act, async (ctx) => {
    const input = parse(schemas.purge, ctx.request.body);
    ctx.body = await mod.users.purge(ctx.state.user, ctx.params.userId!, input);
  });

  router.get('/audit', read, async (ctx) => {
    const { cursor, limit } = pageOf(ctx.query);
    const filter = {
      ...(ctx.query.actor ? { actor: text(ctx.query.actor, 64) } : {}),
      ...(ctx.query.action ? { action: text(ctx.query.action, 64) } : {}),
      ...(ctx.query.target ? { target: text(ctx.query.target, 200) } : {}),
    };
    ctx.body = await mod.auditLog(filter, cursor, limit);
  });

  return router;
}
