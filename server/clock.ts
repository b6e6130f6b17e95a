/** A scheduled call; `cancel()` stops it (and is safe to call twice). */
export interface Scheduled {
  cancel(): void;
}

/**
 * Time as the server's rules see it: the wall clock in ms, and calls after a delay
 * or at an interval. Services take one instead of reading `Date.now()` or calling
 * `setTimeout`, so tests drive edit windows, mutes, slow mode and coalescing by
 * moving a clock forward instead of sleeping (tests/support/manual-clock.ts).
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once, `ms` from now; never keeps the process alive by itself. */
  after(ms: number, fn: () => void): Scheduled;
  /** Calls `fn` every `ms` until cancelled; never keeps the process alive by itself. */
  every(ms: number, fn: () => void): Scheduled;
}

/** The real clock: `Date.now()` and Node's timers (unref'd). */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};
