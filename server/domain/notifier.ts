import type { ServerToClientEvents } from '../protocol.js';

/**
 * How domain services reach connected users without knowing about Socket.IO;
 * the realtime layer implements it.
 */
export interface Notifier {
  toUser<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Stops every socket of the user from receiving the room's live events. */
  unsubscribe(userId: string, room: string): void;
}
