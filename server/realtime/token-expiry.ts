import type { Clock } from '../clock.js';
import type { ChatSocket } from './types.js';

/** The longest delay setTimeout honours; tokens valid for longer are checked on reconnect only. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Disconnects the socket when its token expires, after telling it `session_expired`.
 * `expired()` says whether that is why the socket went.
 */
export function disconnectOnTokenExpiry(socket: ChatSocket, clock: Clock): { expired(): boolean } {
  let expired = false;
  const expiresIn = socket.data.user.expiresAt - clock.now();
  const timer =
    expiresIn < MAX_TIMER_MS
      ? clock.after(Math.max(0, expiresIn), () => {
          socket.emit('session_expired', { reason: 'token expired' });
          expired = true;
          socket.disconnect(true);
        })
      : undefined;
  socket.on('disconnect', () => timer?.cancel());
  return { expired: () => expired };
}
