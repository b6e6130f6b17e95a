import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ApiKeys } from '../domain/api-keys.js';
import { derivedBroadcastIds } from '../domain/broadcast-id.js';
import type { ChatService } from '../domain/chat-service.js';
import { AppError } from '../errors.js';
import type { FriendsService } from '../domain/friends-service.js';
import { parseRoom } from '../domain/rooms.js';
import {
  MAX_BROADCAST_ROOMS,
  MAX_FRIENDS,
  MAX_QUOTES,
  serverSchemas as s,
  type ServerSender,
} from '../domain/server-api.schemas.js';
import { parse } from '../domain/validation.js';
import type { Logger } from '../logger.js';
import type { Message, Quote } from '../../protocol/wire.js';
import type { QuoteService } from '../quotes/quote-service.js';
import type { Store } from '../store/types.js';
import { requireApiKey, requireScope, type ApiKeyState } from './api-key.auth.js';
import type { ApiLimits } from './api-limits.js';
import { newRouter } from './router.js';

/** What the server API reaches beyond the domain services: the live sockets. */
export interface ServerApiRealtime {
  /** Distinct users with a socket in the room (on any node), at most `limit` ids. */
  presence(room: string, limit: number): Promise<{ online: number; users: string[] }>;
  /** Closes every socket of the user on every node; resolves with how many there were. */
  disconnect(userId: string): Promise<number>;
}

export interface ServerApiDeps {
  keys: ApiKeys;
  store: Store;
  chat: ChatService;
  friends: FriendsService;
  quotes: QuoteService;
  realtime: ServerApiRealtime;
  log: Logger;
  /** Calls per key and quotes per key. */
  limits: Pick<ApiLimits, 'perKey' | 'quotes'>;
}

/** Refuses an oversize batch with `too_large` before validating its items. */
function limitBatch(body: unknown, key: string | null, max: number, what: string): void {
  const list = key === null ? body : (body as Record<string, unknown> | undefined)?.[key];
  if (Array.isArray(list) && list.length > max)
    throw new AppError('too_large', `at most ${max} ${what} a call (got ${list.length})`);
}

const params = (ctx: Context) => ctx.params as Record<string, string>;

/**
 * `/api/server/*`: the host platform's backend, signed in with an API key
 * (`npm run apikey`), never a user token. Messages go through the same domain
 * path as a user's socket send.
 */
export function serverApiRoutes(deps: ServerApiDeps): Router {
  const { chat, friends, quotes, realtime, store } = deps;
  /** A broadcast without a clientId: this window's derived id, or the last window's if it was stored. */
  const derivedClientId = async (sender: ServerSender, rooms: string[], text: string) => {
    const { current, previous } = derivedBroadcastIds(sender.id, rooms, text);
    const earlier = await Promise.all(rooms.map((r) => chat.findSent(r, sender, previous)));
    return earlier.some(Boolean) ? previous : current;
  };

  const router = newRouter({ prefix: '/server' });
  router.use(requireApiKey(deps.keys, store, deps.log, deps.limits.perKey));

  router.post('/messages', requireScope('publish'), async (ctx) => {
    const input = parse(s.postMessage, ctx.request.body);
    const { message, created } = await chat.post(input, input.sender);
    ctx.status = created ? 201 : 200;
    ctx.body = { message };
  });

  router.post('/broadcast', requireScope('publish'), async (ctx) => {
    limitBatch(ctx.request.body, 'rooms', MAX_BROADCAST_ROOMS, 'rooms');
    const input = parse(s.broadcast, ctx.request.body);
    const rooms = [...new Set(input.rooms.map((r) => parseRoom(r).id))];
    // Every room is checked before anything is sent: a bad room changes nothing.
    const records = await Promise.all(rooms.map((r) => chat.serverRoom(r)));
    const clientId = input.clientId ?? (await derivedClientId(input.sender, rooms, input.text));
    // The same clientId in every room: a retry stores only what the first call did not.
    const messages: Message[] = [];
    let created = 0;
    for (const room of records) {
      const posted = await chat.post({ room: room.id, text: input.text, clientId }, input.sender);
      messages.push(posted.message);
      if (posted.created) created++;
    }
    ctx.body = { clientId, created, messages };
  });

  router.post('/quotes', requireScope('publish'), async (ctx) => {
    const body: unknown = ctx.request.body;
    limitBatch(body, null, MAX_QUOTES, 'quotes');
    // Counted before validating: a flood is refused before its quotes cost any work.
    const sent = Array.isArray(body) ? Math.max(1, body.length) : 1;
    await deps.limits.quotes.consume((ctx.state as ApiKeyState).apiKey.id, sent);
    const batch: Quote[] = parse(s.quotes, body);
    ctx.body = await quotes.push(batch);
  });

  router.get('/rooms/:room/presence', requireScope('read'), async (ctx) => {
    const { room: raw } = parse(s.roomParams, params(ctx));
    const { limit } = parse(s.presenceQuery, ctx.query);
    const room = parseRoom(raw).id;
    ctx.body = { room, ...(await realtime.presence(room, limit ?? 100)) };
  });

  router.get('/rooms/:room/history', requireScope('read'), async (ctx) => {
    const { room: raw } = parse(s.roomParams, params(ctx));
    const { beforeSeq, limit } = parse(s.historyQuery, ctx.query);
    const room = await chat.serverRoom(raw);
    ctx.body = await store.history(room.id, beforeSeq, limit ?? 50);
  });

  router.put('/users/:id', requireScope('users'), async (ctx) => {
    const { id } = parse(s.userParams, params(ctx));
    const { name, avatar } = parse(s.putUser, ctx.request.body);
    await store.upsertUser({ id, name, avatar });
    const [user] = await store.getUsers([id]);
    ctx.body = { user };
  });

  router.put('/users/:id/friends', requireScope('users'), async (ctx) => {
    const { id } = parse(s.userParams, params(ctx));
    limitBatch(ctx.request.body, null, MAX_FRIENDS, 'friends');
    const ids = parse(s.friends, ctx.request.body);
    const changes = await friends.setFriends(id, ids);
    ctx.body = { friends: [...new Set(ids.filter((f) => f !== id))].sort(), ...changes };
  });

  router.post('/users/:id/disconnect', requireScope('users'), async (ctx) => {
    const { id } = parse(s.userParams, params(ctx));
    ctx.body = { user: id, sockets: await realtime.disconnect(id) };
  });

  return router;
}
