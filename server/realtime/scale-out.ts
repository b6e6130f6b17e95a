import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient, type RedisClientType } from 'redis';
import type { RateRule } from '../config.js';
import { RedisSocketCount } from '../limits/redis-socket-count.js';
import type { SharedSocketCount } from '../limits/socket-quota.js';
import { memoryBackend, type LimiterBackend } from '../limits/user-limits.js';
import type { Logger } from '../logger.js';
import type { ChatServer } from './types.js';

/** What changes when several server processes share one Redis: broadcasts, presence and rate limits. */
export interface ScaleOut {
  /** True when other processes may hold sockets of the same user. */
  clustered: boolean;
  /** Counters for cluster-wide limits (memory-insured when Redis is shared). */
  backend: LimiterBackend;
  /** Each user's sockets counted across the cluster (LIMIT_SOCKETS_PER_USER); absent alone. */
  sockets?: SharedSocketCount;
  /** Installs the Socket.IO adapter and the outage recovery on the chat server. */
  attach(io: ChatServer): void;
  /** False while Redis is unreachable (for /health). */
  healthy(): boolean;
  close(): Promise<void>;
}

/** A single process: in-memory rate limits, nothing to share. */
export const singleProcess: ScaleOut = {
  clustered: false,
  backend: memoryBackend,
  attach: () => undefined,
  healthy: () => true,
  close: async () => undefined,
};

/** How long after Redis is back before local sockets are sent to resync (resubscribes settle first). */
const RESYNC_DELAY_MS = 300;

/**
 * Connects to Redis for the Socket.IO pub/sub adapter, cluster-wide rate limits and
 * the sockets-per-user count.
 *
 * An outage must not take the node down, and must not lose a message for good:
 * - commands fail at once while Redis is unreachable (no offline queue), and the
 *   adapter's fire-and-forget PUBLISH is given a handler, so nothing is left
 *   rejected; local delivery goes on (the adapter broadcasts locally first);
 * - rate limits fall back to per-node memory (rate-limiter-flexible's insurance);
 * - when Redis is back, a node that may have missed messages (its subscriber was
 *   down) closes its sockets' transports, and a node whose publishes failed asks
 *   every node to do the same: clients reconnect, join and `sync` from the store,
 *   which has every message acked meanwhile. No new event is involved.
 */
export async function connectScaleOut(url: string, log: Logger): Promise<ScaleOut> {
  const pub: RedisClientType = createClient({ url, disableOfflineQueue: true });
  const sub = pub.duplicate();
  const control = pub.duplicate();
  const resyncChannel = 'stock-chat#resync';
  const nodeId = randomUUID();
  let down = false;
  let missedIncoming = false;
  let missedOutgoing = false;
  let io: ChatServer | undefined;
  let closing = false;

  const resyncLocal = (why: string) => {
    if (!io) return;
    const sockets = [...io.of('/').sockets.values()];
    log.warn({ sockets: sockets.length, why }, 'scale-out: sending local sockets to resync');
    // Closing the transport (not a server disconnect) makes clients reconnect and sync.
    for (const socket of sockets) socket.conn.close();
  };

  const onDown = (err: unknown) => {
    if (closing) return;
    if (!down) log.error({ err }, 'scale-out: Redis unreachable; serving local sockets only');
    down = true;
    missedIncoming = true;
  };
  const onReady = () => {
    if (closing || !pub.isReady || !sub.isReady) return;
    if (down) log.info('scale-out: Redis reachable again');
    down = false;
    const incoming = missedIncoming;
    const outgoing = missedOutgoing;
    missedIncoming = missedOutgoing = false;
    if (!incoming && !outgoing) return;
    setTimeout(() => {
      if (closing) return;
      if (outgoing) {
        pub.publish(resyncChannel, nodeId).catch((err: unknown) => {
          missedOutgoing = true;
          onDown(err);
        });
      }
      resyncLocal(outgoing ? 'own publishes failed' : 'subscription was down');
    }, RESYNC_DELAY_MS).unref();
  };
  for (const client of [pub, sub, control]) {
    client.on('error', onDown);
    client.on('ready', onReady);
  }
  await Promise.all([pub.connect(), sub.connect(), control.connect()]);
  await control.subscribe(resyncChannel, (from) => {
    if (from !== nodeId) resyncLocal('another node asked');
  });

  // The adapter publishes without awaiting; a rejected PUBLISH must be handled here.
  const guardedPub = new Proxy(pub, {
    get(target, prop) {
      if (prop === 'publish') {
        return (channel: string, message: string | Buffer) =>
          target.publish(channel, message).catch((err: unknown) => {
            missedOutgoing = true;
            onDown(err);
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });

  const sockets = new RedisSocketCount(pub, nodeId, log);
  await sockets.start();

  log.info('scale-out: Redis connected');
  return {
    clustered: true,
    sockets,
    backend: {
      create: (name: string, rule: RateRule, scope) =>
        scope === 'node'
          ? memoryBackend.create(name, rule, scope)
          : new RateLimiterRedis({
              storeClient: pub,
              useRedisPackage: true,
              rejectIfRedisNotReady: true,
              keyPrefix: `stock-chat:rl:${name}`,
              points: rule.points,
              duration: rule.windowMs / 1000,
              insuranceLimiter: new RateLimiterMemory({
                points: rule.points,
                duration: rule.windowMs / 1000,
              }),
            }),
    },
    attach(server) {
      io = server;
      server.adapter(createAdapter(guardedPub, sub, { key: 'stock-chat', requestsTimeout: 3000 }));
    },
    healthy: () => !down,
    async close() {
      await sockets.stop();
      closing = true;
      await Promise.allSettled([pub.quit(), sub.quit(), control.quit()]);
    },
  };
}
