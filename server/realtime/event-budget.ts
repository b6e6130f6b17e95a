import type { Event } from 'socket.io';
import type { ChatSocket } from './types.js';

/**
 * A per-connection budget of incoming events (`perSecond` in each one-second
 * window). Past it, an acknowledged event is answered `rate_limited` at once and
 * anything else is dropped, before any validation or store work, so one flooding
 * socket cannot take the event loop from everyone else. 0 turns it off.
 */
export function eventBudget(socket: ChatSocket, perSecond: number): void {
  if (perSecond <= 0) return;
  let windowStart = 0;
  let used = 0;
  socket.use((packet: Event, next) => {
    const now = performance.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      used = 0;
    }
    if (++used <= perSecond) return next();
    const ack: unknown = packet.at(-1);
    if (typeof ack === 'function') {
      const retryAfterMs = Math.max(1, Math.ceil(1000 - (now - windowStart)));
      (ack as (answer: unknown) => void)({
        ok: false,
        error: {
          code: 'rate_limited',
          message: 'too many events from this connection; slow down',
          retryAfterMs,
        },
      });
    }
  });
}
