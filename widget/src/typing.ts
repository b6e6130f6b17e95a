/**
 * Outgoing typing state: `typing: true` at most every few seconds while keys
 * are pressed, and one `typing: false` after a pause, on send or on leaving
 * the room, so the server sees a throttled, self-ending signal.
 */
import type { RoomId } from '../../protocol/wire.js';

export const TYPING_THROTTLE_MS = 2500;
export const TYPING_IDLE_MS = 4000;
/** How long a received "is typing" shows without a refresh. */
export const TYPING_SHOW_MS = 6000;

export class TypingSender {
  private room: RoomId | null = null;
  private lastSent = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly emit: (room: RoomId, typing: boolean) => void) {}

  /** Call on every keystroke in a room's composer. */
  input(room: RoomId): void {
    if (this.room && this.room !== room) this.stop();
    const now = Date.now();
    if (this.room !== room || now - this.lastSent > TYPING_THROTTLE_MS) {
      this.room = room;
      this.lastSent = now;
      this.emit(room, true);
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** Ends the typing state, if any. */
  stop(): void {
    clearTimeout(this.idleTimer);
    if (this.room) this.emit(this.room, false);
    this.room = null;
    this.lastSent = 0;
  }
}
