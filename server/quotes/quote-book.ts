import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { Quote } from '../../protocol/wire.js';
import { RedisSendSlots } from './send-slots.js';

/** The newest quote per symbol, shared by every server process. */
export interface QuoteBook {
  /** Keeps each quote unless the book already holds a newer one (`ts`) for its symbol; returns those kept. */
  put(quotes: Quote[]): Promise<Quote[]>;
  get(symbol: string): Promise<Quote | null>;
  close(): Promise<void>;
}

/** One process: a Map. */
export class MemoryQuoteBook implements QuoteBook {
  private readonly quotes = new Map<string, Quote>();

  async put(quotes: Quote[]): Promise<Quote[]> {
    const kept: Quote[] = [];
    for (const q of quotes) {
      const known = this.quotes.get(q.symbol);
      if (known && known.ts > q.ts) continue;
      this.quotes.set(q.symbol, q);
      kept.push(q);
    }
    return kept;
  }

  async get(symbol: string): Promise<Quote | null> {
    return this.quotes.get(symbol) ?? null;
  }

  async close(): Promise<void> {}
}

const KEY = 'stock-chat:quotes';

/**
 * Keeps each quote (ARGV: ts, symbol, JSON, ts, symbol, JSON, ...) unless the hash
 * holds a newer one for its symbol; returns the 1-based positions of those kept.
 * One script, so two nodes racing on a symbol cannot put an older quote over a newer one.
 */
const PUT_NEWER = `
local kept = {}
for i = 1, #ARGV, 3 do
  local held = redis.call('HGET', KEYS[1], ARGV[i + 1])
  if not held or tonumber(cjson.decode(held).ts) <= tonumber(ARGV[i]) then
    redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 2])
    kept[#kept + 1] = (i + 2) / 3
  end
end
return kept`;

/**
 * Several processes: one Redis hash, symbol -> JSON quote, so a socket joining on
 * any node gets the newest quote whichever node it was pushed to.
 */
export class RedisQuoteBook implements QuoteBook {
  constructor(private readonly client: RedisClientType) {}

  async put(quotes: Quote[]): Promise<Quote[]> {
    if (quotes.length === 0) return [];
    const args = quotes.flatMap((q) => [String(q.ts), q.symbol, JSON.stringify(q)]);
    const kept = await this.client.sendCommand<number[]>(['EVAL', PUT_NEWER, '1', KEY, ...args]);
    return kept.map((position) => quotes[position - 1]);
  }

  async get(symbol: string): Promise<Quote | null> {
    const raw = await this.client.hGet(KEY, symbol);
    return raw ? (JSON.parse(raw) as Quote) : null;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}

/**
 * The quote book and the send slots every node shares, on one Redis connection.
 * Commands fail at once while Redis is unreachable (no offline queue): a push is
 * refused rather than left hanging, and the slots fall back to per node.
 */
export async function connectRedisQuotes(
  url: string,
  log: Logger,
): Promise<{ book: RedisQuoteBook; slots: RedisSendSlots }> {
  const client: RedisClientType = createClient({ url, disableOfflineQueue: true });
  client.on('error', (err: unknown) => log.error({ err }, 'redis error (quotes)'));
  await client.connect();
  return { book: new RedisQuoteBook(client), slots: new RedisSendSlots(client) };
}
