import { createAdapter } from '@socket.io/redis-adapter';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { ChatServer } from './types.js';

/** What changes when several server processes share one Redis: broadcasts, presence and rate limits. */
export interface ScaleOut {
  /** True when other processes may hold sockets of the same user. */
  clustered: boolean;
  limiter(points: number, windowMs: number): RateLimiterAbstract | null;
  close(): Promise<void>;
}

/** A single process: in-memory rate limits, nothing to share. */
export const singleProcess: ScaleOut = {
  clustered: false,
  limiter: (points, windowMs) =>
    points > 0 ? new RateLimiterMemory({ points, duration: windowMs / 1000 }) : null,
  close: async () => undefined,
};

/**
 * Connects to Redis and installs the Socket.IO Redis adapter, so a message sent
 * through one process reaches sockets on every other; rate limits are counted in
 * Redis so a user cannot multiply them by spreading tabs over processes.
 */
export async function connectScaleOut(url: string, io: ChatServer, log: Logger): Promise<ScaleOut> {
  const pub: RedisClientType = createClient({ url });
  const sub = pub.duplicate();
  for (const client of [pub, sub])
    client.on('error', (err: unknown) => log.error({ err }, 'redis error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: 'stock-chat', requestsTimeout: 3000 }));
  log.info('scale-out: Socket.IO Redis adapter connected');
  return {
    clustered: true,
    limiter: (points, windowMs) =>
      points > 0
        ? new RateLimiterRedis({
            storeClient: pub,
            useRedisPackage: true,
            keyPrefix: 'stock-chat:rl',
            points,
            duration: windowMs / 1000,
          })
        : null,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
