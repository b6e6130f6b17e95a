import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { Quote } from '../protocol.js';

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
 * Several processes: one Redis hash, symbol -> JSON quote, so a socket joining on
 * any node gets the newest quote whichever node it was pushed to. Newer-wins is
 * checked against this node's copy; two nodes racing on one symbol keep the last write.
 */
export class RedisQuoteBook implements QuoteBook {
  private readonly local = new MemoryQuoteBook();

  private constructor(private readonly client: RedisClientType) {}

  static async connect(url: string, log: Logger): Promise<RedisQuoteBook> {
    const client: RedisClientType = createClient({ url });
    client.on('error', (err: unknown) => log.error({ err }, 'redis error (quotes)'));
    await client.connect();
    return new RedisQuoteBook(client);
  }

  async put(quotes: Quote[]): Promise<Quote[]> {
    const kept = await this.local.put(quotes);
    if (kept.length > 0)
      await this.client.hSet(
        KEY,
        Object.fromEntries(kept.map((q) => [q.symbol, JSON.stringify(q)])),
      );
    return kept;
  }

  async get(symbol: string): Promise<Quote | null> {
    const raw = await this.client.hGet(KEY, symbol);
    return raw ? (JSON.parse(raw) as Quote) : null;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
