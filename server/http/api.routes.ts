import type Router from '@koa/router';
import type { ChatService } from '../domain/chat-service.js';
import type { FriendsService } from '../domain/friends-service.js';
import { AppError, badRequest } from '../errors.js';
import { parse, schemas } from '../domain/validation.js';
import type { AuthState } from './auth.js';
import { newRouter } from './router.js';

const Paging = schemas.history.pick({ beforeSeq: true, limit: true });

function intParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n))
    throw badRequest(`${name} must be an integer`);
  return n;
}

/**
 * The signed-in user's routes: profile, rooms, messages and friends. With
 * `friendsManagedByHost` the host platform owns the friend set (PUT
 * /api/server/users/:id/friends): users may list it but not change it.
 */
export function apiRoutes(
  chat: ChatService,
  friends: FriendsService,
  opts: { friendsManagedByHost?: boolean } = {},
): Router<AuthState> {
  const router = newRouter<AuthState>();
  const managedByHost = opts.friendsManagedByHost === true;
  const userOwnsFriends = async (_ctx: unknown, next: () => Promise<unknown>) => {
    if (managedByHost)
      throw new AppError(
        'forbidden',
        'friends are managed by the host platform here (FRIENDS_MANAGED_BY_HOST): requests are off',
      );
    await next();
  };

  router.get('/me', (ctx) => {
    const { id, name, avatar, roles } = ctx.state.user;
    ctx.body = { user: { id, name, ...(avatar ? { avatar } : {}), roles } };
  });

  /** Paged, most recently active first: `?limit=` (1-500, default 100) and `?cursor=` from `nextCursor`. */
  router.get('/rooms', async (ctx) => {
    const { limit, cursor } = parse(schemas.roomsPage, {
      limit: intParam(ctx.query.limit, 'limit'),
      cursor: typeof ctx.query.cursor === 'string' ? ctx.query.cursor : undefined,
    });
    ctx.body = await chat.rooms.list(ctx.state.user.id, limit, cursor);
  });

  router.post('/rooms', async (ctx) => {
    const { name, members } = parse(schemas.createRoom, ctx.request.body);
    const room = await chat.rooms.createGroup(ctx.state.user, name, members);
    ctx.status = 201;
    ctx.body = { room };
  });

  router.get('/rooms/:room/messages', async (ctx) => {
    const { beforeSeq, limit } = parse(Paging, {
      beforeSeq: intParam(ctx.query.before, 'before'),
      limit: intParam(ctx.query.limit, 'limit'),
    });
    ctx.body = await chat.history(ctx.params.room!, ctx.state.user, beforeSeq, limit);
  });

  router.get('/friends', async (ctx) => {
    ctx.body = { ...(await friends.list(ctx.state.user.id)), managedByHost };
  });

  router.post('/friends/requests', userOwnsFriends, async (ctx) => {
    const { to } = parse(schemas.friendRequest, ctx.request.body);
    const { request, created } = await friends.request(ctx.state.user, to);
    ctx.status = created ? 201 : 200;
    ctx.body = { request };
  });

  router.post('/friends/requests/:id/accept', userOwnsFriends, async (ctx) => {
    ctx.body = { request: await friends.accept(ctx.params.id!, ctx.state.user.id) };
  });

  /** Declines (recipient) or cancels (sender) a pending request. */
  router.delete('/friends/requests/:id', userOwnsFriends, async (ctx) => {
    await friends.closeRequest(ctx.params.id!, ctx.state.user.id);
    ctx.status = 204;
  });

  router.delete('/friends/:id', userOwnsFriends, async (ctx) => {
    await friends.remove(ctx.state.user.id, ctx.params.id!);
    ctx.status = 204;
  });

  return router;
}
