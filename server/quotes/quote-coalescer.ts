import { systemClock, type Clock, type Scheduled } from '../clock.js';
import type { Quote } from '../../protocol/wire.js';
import { MemorySendSlots, type SendSlots } from './send-slots.js';

/**
 * At most one quote per symbol per `intervalMs`, on this node or, with shared
 * `SendSlots` (Redis), across every node: the first quote after a quiet interval
 * goes out at once; later ones are held, and the newest held one goes out when
 * the symbol's slot ends, unless a node already sent one at least as new. One
 * timer serves every symbol. While the shared slots cannot be reached, this node
 * falls back to its own (per-node) slots rather than stop the quotes.
 */
export class QuoteCoalescer {
  /** The newest quote per symbol that is not out yet. */
  private readonly held = new Map<string, Quote>();
  /** When the symbol's slot in force ends: no try before then. */
  private readonly waitUntil = new Map<string, number>();
  private readonly taking = new Set<string>();
  private readonly fallback = new MemorySendSlots();
  private timer: Scheduled | null = null;
  private closed = false;

  constructor(
    private readonly emit: (quote: Quote) => void,
    private readonly slots: SendSlots = new MemorySendSlots(),
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly intervalMs = 1_000,
    private readonly tickMs = 25,
    private readonly clock: Clock = systemClock,
  ) {}

  push(quote: Quote, now = this.clock.now()): void {
    const held = this.held.get(quote.symbol);
    if (held && held.ts > quote.ts) return;
    this.held.set(quote.symbol, quote);
    this.attempt(quote.symbol, now);
  }

  /** Tries to take the symbol's slot for its held quote, unless a slot in force or a try is in the way. */
  private attempt(symbol: string, now: number): void {
    const quote = this.held.get(symbol);
    if (!quote || this.closed || this.taking.has(symbol)) return;
    if ((this.waitUntil.get(symbol) ?? 0) > now) return this.arm();
    this.taking.add(symbol);
    this.slots.take(symbol, quote.ts, now, this.intervalMs).then(
      (slot) => this.settle(quote, now, slot),
      (err: unknown) => {
        this.onError(err);
        this.settle(quote, now, this.fallback.takeNow(symbol, quote.ts, now, this.intervalMs));
      },
    );
  }

  private settle(quote: Quote, now: number, slot: { sentTs: number; until: number } | null): void {
    const { symbol } = quote;
    this.taking.delete(symbol);
    if (this.closed) return;
    this.waitUntil.set(symbol, slot ? slot.until : now + this.intervalMs);
    const held = this.held.get(symbol);
    // Out: ours (unless a later push replaced it meanwhile), or one at least as new from another node.
    if (held && (slot ? held.ts <= slot.sentTs : held === quote)) this.held.delete(symbol);
    if (!slot) this.emit(quote);
    if (this.held.has(symbol)) this.arm();
  }

  private arm(): void {
    this.timer ??= this.clock.every(this.tickMs, () => this.flush());
  }

  private flush(now = this.clock.now()): void {
    for (const symbol of this.held.keys()) this.attempt(symbol, now);
    for (const [symbol, until] of this.waitUntil) {
      if (until <= now && !this.held.has(symbol)) this.waitUntil.delete(symbol);
    }
    if (this.held.size === 0 && this.timer) {
      this.timer.cancel();
      this.timer = null;
    }
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
    this.held.clear();
  }
}
