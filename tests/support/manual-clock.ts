import type { Clock, Scheduled } from '../../server/clock.js';

interface Entry {
  at: number;
  every: number | null;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when a test says so: `advance(ms)` runs every call that
 * falls due, in time order (intervals repeat), and lets the promises they start
 * settle. Starts at the real time, so stored timestamps look ordinary.
 */
export class ManualClock implements Clock {
  private time: number;
  private readonly entries = new Set<Entry>();

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): Scheduled {
    return this.add(ms, null, fn);
  }

  every(ms: number, fn: () => void): Scheduled {
    return this.add(ms, ms, fn);
  }

  /** Moves time forward by `ms`, running what falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.entries].filter((e) => e.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      if (next.every === null) this.entries.delete(next);
      else next.at += Math.max(1, next.every);
      next.fn();
      await settle();
    }
    this.time = end;
    await settle();
  }

  private add(ms: number, every: number | null, fn: () => void): Scheduled {
    const entry: Entry = { at: this.time + Math.max(0, ms), every, fn, cancelled: false };
    this.entries.add(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
        this.entries.delete(entry);
      },
    };
  }
}

/** Lets promise callbacks queued so far (and the ones they queue) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
