import { parse, schemas } from '../domain/validation.js';
import type { SocketFanout } from './fanout.js';
import type { ChatSocket } from './types.js';

export interface TypingDeps {
  fanout: SocketFanout;
  /** A typing indicator with no update expires after this. */
  typingTimeoutMs: number;
  /** A socket's `typing: true` is forwarded at most once per room per this many ms. */
  typingMinIntervalMs: number;
  /** Whether the user's typing in the room is forwarded (a muted user's is not). */
  mayType?: (userId: string, room: string) => boolean;
}

/** Typing: volatile, never echoed, self-expiring, and stopped when the socket leaves. */
export function typingHandlers(deps: TypingDeps) {
  const { fanout } = deps;
  return (socket: ChatSocket) => {
    const user = socket.data.user;
    const ref = { id: user.id, name: user.name };
    const timers = new Map<string, NodeJS.Timeout>();
    const forwardedAt = new Map<string, number>();

    const stopTyping = (room: string) => {
      const timer = timers.get(room);
      if (!timer) return;
      clearTimeout(timer);
      timers.delete(room);
      fanout.typing(socket, { room, user: ref, typing: false });
    };

    socket.on('typing', (payload: unknown) => {
      try {
        const { room, typing } = parse(schemas.typing, payload);
        // Only rooms this socket joined, which permission already checked.
        if (!socket.rooms.has(room)) return;
        if (deps.mayType && !deps.mayType(user.id, room)) return;
        if (!typing) return stopTyping(room);
        const fresh = !timers.has(room);
        if (fresh) {
          // A flood (true, false, true, …) reaches the room at most once per interval; extras are dropped.
          const now = performance.now();
          if (now - (forwardedAt.get(room) ?? -Infinity) < deps.typingMinIntervalMs) return;
          forwardedAt.set(room, now);
        }
        clearTimeout(timers.get(room));
        timers.set(
          room,
          setTimeout(() => stopTyping(room), deps.typingTimeoutMs),
        );
        if (fresh) fanout.typing(socket, { room, user: ref, typing: true });
      } catch {
        // Typing is fire-and-forget: a malformed one is dropped.
      }
    });

    socket.on('disconnecting', () => {
      for (const room of timers.keys()) stopTyping(room);
    });
  };
}
