import type { Quote } from '../protocol.js';

/**
 * At most one quote per symbol per `intervalMs`: the first after a quiet interval
 * goes out at once, later ones within the interval are held and only the newest
 * is sent when it ends. One timer serves every symbol.
 */
export class QuoteCoalescer {
  private readonly lastSent = new Map<string, number>();
  private readonly held = new Map<string, Quote>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (quote: Quote) => void,
    private readonly intervalMs = 1_000,
    private readonly tickMs = 25,
  ) {}

  push(quote: Quote, now = Date.now()): void {
    const last = this.lastSent.get(quote.symbol);
    if (last === undefined || now - last >= this.intervalMs) {
      this.held.delete(quote.symbol);
      this.send(quote, now);
      return;
    }
    this.held.set(quote.symbol, quote);
    this.timer ??= setInterval(() => this.flush(), this.tickMs);
  }

  private send(quote: Quote, now: number): void {
    this.lastSent.set(quote.symbol, now);
    this.emit(quote);
  }

  private flush(now = Date.now()): void {
    for (const [symbol, quote] of this.held) {
      if (now - (this.lastSent.get(symbol) ?? 0) < this.intervalMs) continue;
      this.held.delete(symbol);
      this.send(quote, now);
    }
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held.clear();
  }
}
