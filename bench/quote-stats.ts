import type { ClientSpec, QuotesReply } from './protocol.js';
import { Histogram } from './stats.js';

/** What a load-worker client keeps of the `quote` events of its room: [ts, received at]. */
export interface QuoteLog {
  spec: ClientSpec;
  quotes: [number, number][];
}

/**
 * For every subscribed client and push round (its `ts`), how long until the client
 * held a quote at least that new (a later round's quote covers an earlier one, as
 * coalescing intends); a round it never caught up with is missing. Then forgets
 * what the clients received.
 */
export function quoteStats(clients: QuoteLog[], rounds: number[]): QuotesReply {
  const latency = new Histogram();
  let pairs = 0;
  let missing = 0;
  let received = 0;
  for (const client of clients) {
    if (!client.spec.room) continue;
    received += client.quotes.length;
    for (const ts of rounds) {
      pairs++;
      let first = Infinity;
      for (const [quoteTs, at] of client.quotes) if (quoteTs >= ts && at < first) first = at;
      if (first === Infinity) missing++;
      else latency.record(first - ts);
    }
    client.quotes = [];
  }
  return { type: 'quotes', pairs, missing, received, latency: latency.toJSON() };
}
