import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `load` when the host connects and then every `intervalMs` until it
 * disconnects: the console's tables refresh from the server this way.
 */
export class PollController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly intervalMs: number,
    private readonly load: () => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    this.timer = setInterval(() => void this.load(), this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
