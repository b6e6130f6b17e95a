/**
 * The widget's clock: the time relative times ("5 minutes ago") are read from,
 * and the controller that redraws the element as it passes, so those times and
 * send countdowns stay true without new events.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * `Date.now()`, behind one seam so a test can move it forward instead of
 * waiting minutes. Internal: not exported from the bundle's entry.
 */
export const clock = { now: (): number => Date.now() };

/**
 * Redraws its host while the host is in the document: every 30 s, and every
 * second while `everySecond()` says a countdown is on screen.
 */
export class RedrawClock implements ReactiveController {
  /** The time the host was last redrawn at by this clock. */
  now = clock.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly everySecond: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => {
      const now = clock.now();
      if (now - this.now >= 30_000 || this.everySecond()) {
        this.now = now;
        this.host.requestUpdate();
      }
    }, 1000);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
