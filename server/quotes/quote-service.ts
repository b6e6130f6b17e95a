import type { Clock } from '../clock.js';
import type { Quote } from '../../protocol/wire.js';
import type { QuoteBook } from './quote-book.js';
import { QuoteCoalescer } from './quote-coalescer.js';
import type { SendSlots } from './send-slots.js';

/**
 * Live quotes: keeps the newest per symbol in the shared book and announces each
 * symbol at most once a second (the newest one) to its ticker room, across every
 * node when the send slots are shared (Redis).
 */
export class QuoteService {
  private readonly coalescer: QuoteCoalescer;

  constructor(
    private readonly book: QuoteBook,
    announce: (quote: Quote) => void,
    slots?: SendSlots,
    onError?: (err: unknown) => void,
    clock?: Clock,
  ) {
    this.coalescer = new QuoteCoalescer(announce, slots, onError, undefined, undefined, clock);
  }

  /** Stores a batch; only the newest quote of each symbol counts. Returns how many were newer than the book's. */
  async push(quotes: Quote[]): Promise<{ accepted: number; kept: number }> {
    const newest = new Map<string, Quote>();
    for (const q of quotes) {
      const seen = newest.get(q.symbol);
      if (!seen || seen.ts <= q.ts) newest.set(q.symbol, q);
    }
    const kept = await this.book.put([...newest.values()]);
    for (const q of kept) this.coalescer.push(q);
    return { accepted: quotes.length, kept: kept.length };
  }

  /** The newest quote of a symbol (`AAPL`), from whichever node it was pushed to. */
  latest(symbol: string): Promise<Quote | null> {
    return this.book.get(symbol);
  }

  async close(): Promise<void> {
    this.coalescer.close();
    await this.book.close();
  }
}
