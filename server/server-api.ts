import type Router from '@koa/router';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ApiKeys } from './domain/api-keys.js';
import type { ChatService } from './domain/chat-service.js';
import type { EventBus } from './domain/events.js';
import type { FriendsService } from './domain/friends-service.js';
import type { ApiLimits } from './http/api-limits.js';
import { serverApiRoutes } from './http/server-api.routes.js';
import type { Logger } from './logger.js';
import type { Quote } from '../protocol/wire.js';
import { connectRedisQuotes, MemoryQuoteBook } from './quotes/quote-book.js';
import { QuoteService } from './quotes/quote-service.js';
import { TurnGate } from './realtime/turn-gate.js';
import { userRoom, type ChatServer, type ChatSocket } from './realtime/types.js';
import type { Store } from './store/types.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

export interface ServerApiParts {
  routes: Router;
  quotes: QuoteService;
  webhooks: WebhookDispatcher | null;
  /** Sends a ticker room's latest quote to a socket that just joined it. */
  onJoined(socket: ChatSocket, room: string): void;
  close(): Promise<void>;
}

/** Quote announcements per turn of the event loop (see `announcing` below). */
const QUOTES_PER_TURN = 25;

/** Wires the host platform's side: API keys, `/api/server`, live quotes and webhooks. */
export async function createServerApi(deps: {
  config: Config;
  store: Store;
  io: ChatServer;
  chat: ChatService;
  friends: FriendsService;
  events: EventBus;
  log: Logger;
  /** The server API's per-key call and quote limits. */
  limits: ApiLimits;
  clock: Clock;
}): Promise<ServerApiParts> {
  const { config, store, io, log, clock } = deps;
  let slotWarnedAt = 0;
  const shared = config.redisUrl ? await connectRedisQuotes(config.redisUrl, log) : null;
  // A push of thousands of symbols would announce them all in one turn of the event loop (one
  // frame per subscribed socket each); a few per turn let chat messages go out in between.
  const announcing = new TurnGate(QUOTES_PER_TURN);
  const quotes = new QuoteService(
    shared?.book ?? new MemoryQuoteBook(),
    (quote: Quote) => announcing.admit(() => deps.events.publish({ type: 'quote.updated', quote })),
    shared?.slots,
    (err) => {
      // One line per outage burst, not one per quote.
      if (clock.now() - slotWarnedAt < 10_000) return;
      slotWarnedAt = clock.now();
      log.warn({ err }, 'quote send slots unreachable: coalescing per node meanwhile');
    },
    clock,
  );
  const webhooks = config.webhook
    ? new WebhookDispatcher(store.webhooks, config.webhook, log.child({ component: 'webhooks' }))
    : null;
  const routes = serverApiRoutes({
    keys: new ApiKeys(store),
    store,
    chat: deps.chat,
    friends: deps.friends,
    quotes,
    limits: deps.limits,
    log: log.child({ component: 'server-api' }),
    realtime: {
      async presence(room, limit) {
        const sockets = await io.in(room).fetchSockets();
        const users = [...new Set(sockets.map((s) => s.data.user.id))];
        return { online: users.length, users: users.slice(0, limit) };
      },
      async disconnect(userId) {
        const sockets = await io.in(userRoom(userId)).fetchSockets();
        io.in(userRoom(userId)).disconnectSockets(true);
        return sockets.length;
      },
    },
  });
  // Message events are queued by the store in the message's own transaction (the
  // outbox); the rest follow the same domain events the sockets hear of.
  if (webhooks) {
    store.webhooks.useOutbox(webhooks.outbox());
    deps.events.subscribe((event) => {
      if (event.type === 'message.created' || event.type === 'message.updated') {
        webhooks.kick();
        return;
      }
      const queued =
        event.type === 'user.banned'
          ? webhooks.enqueue('user.banned', { userId: event.userId })
          : event.type === 'room.added' || event.type === 'room.created'
            ? webhooks.enqueue('room.created', { room: event.room })
            : event.type === 'report.created'
              ? webhooks.enqueue('report.created', { report: event.report })
              : null;
      queued?.catch((err: unknown) =>
        log.error({ err, type: event.type }, 'webhook enqueue failed'),
      );
    });
  }
  webhooks?.start();
  return {
    routes,
    quotes,
    webhooks,
    onJoined(socket, room) {
      if (!room.startsWith('$')) return;
      quotes
        .latest(room.slice(1))
        .then((q) => {
          if (q) socket.emit('quote', q);
        })
        .catch((err: unknown) => log.warn({ err, room }, 'latest quote lookup failed'));
    },
    async close() {
      await webhooks?.close();
      await quotes.close();
    },
  };
}
