/**
 * Admits at most `perTurn` jobs per turn of the event loop; later ones wait, in
 * order, for the next turns (setImmediate). A reconnect storm delivers thousands of
 * handshakes in the same few poll phases: run all at once, they hold the loop for
 * hundreds of milliseconds, and an HTTP request such as `/health` waits behind them.
 * Chunked, other I/O gets a turn between chunks. While the load is light every job
 * runs at once, so nothing changes outside a storm.
 */
export class TurnGate {
  private readonly waiting: (() => void)[] = [];
  private admitted = 0;
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Jobs waiting for a later turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `job` now if this turn has room (and nobody waits before it), else in a later turn. */
  admit(job: () => void): void {
    if (this.waiting.length === 0 && this.admitted < this.perTurn) {
      this.admitted += 1;
      this.schedule();
      job();
      return;
    }
    this.waiting.push(job);
    this.schedule();
  }

  /** Resolves when the caller's turn has come. */
  turn(): Promise<void> {
    return new Promise((resolve) => this.admit(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.nextTurn());
  }

  private nextTurn(): void {
    this.scheduled = false;
    this.admitted = 0;
    const jobs = this.waiting.splice(0, this.perTurn);
    this.admitted = jobs.length;
    if (this.waiting.length > 0 || jobs.length > 0) this.schedule();
    for (const job of jobs) job();
  }
}

/** Lets the event loop run other callbacks (I/O included) before continuing. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
