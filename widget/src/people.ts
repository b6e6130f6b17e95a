/**
 * Rooms and people for `<stock-chat>`: leaving a ticker room, muting a room
 * (kept per user on the server, so every device follows), a group's member
 * list, and ending friendships and pending requests. Changes go through
 * `ChatState`'s named methods; views call the methods here.
 */
import type { RoomId } from '../../server/protocol.js';
import { ask } from './ack.js';
import type { ApiClient } from './api-client.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';

/** What `People` needs from the session. */
export interface PeopleDeps {
  readonly state: ChatState;
  socket(): ChatSocket | null;
  api(): ApiClient | null;
  /** Reports a failed request to the host page. */
  failFrom(error: unknown): void;
}

export class People {
  constructor(private readonly deps: PeopleDeps) {}

  /** Leaves a ticker room for good (every tab drops it on `room_left`). */
  leave(room: RoomId): Promise<void> {
    return this.call(async (socket) => {
      await ask(socket, 'leave_chat', { room });
      this.deps.state.removeRoom(room);
    });
  }

  /** Mutes or unmutes a room for this user, on every device. */
  mute(room: RoomId, muted: boolean): Promise<void> {
    return this.call(async (socket) => {
      const done = await ask(socket, 'mute_room', { room, muted });
      this.deps.state.setMuted(done.room, done.muted);
    });
  }

  /** Loads who is in a group or DM. */
  members(room: RoomId): Promise<void> {
    return this.call(async (socket) => {
      const { members } = await ask(socket, 'room_members', { room });
      this.deps.state.setMembers(room, members);
    });
  }

  /** Declines an incoming request or cancels an outgoing one. */
  closeRequest(id: string): Promise<void> {
    return this.rest(`/api/friends/requests/${encodeURIComponent(id)}`, () =>
      this.deps.state.dropRequests((r) => r.id === id),
    );
  }

  /** Ends a friendship; the DM goes when `friend_update` `removed` arrives. */
  unfriend(id: string): Promise<void> {
    return this.rest(`/api/friends/${encodeURIComponent(id)}`);
  }

  private async rest(path: string, then?: () => void): Promise<void> {
    try {
      await this.deps.api()?.del(path);
      then?.();
    } catch (error) {
      this.deps.failFrom(error);
    }
  }

  private async call(work: (socket: ChatSocket) => Promise<void>): Promise<void> {
    const socket = this.deps.socket();
    if (!socket?.connected) return;
    try {
      await work(socket);
    } catch (error) {
      this.deps.failFrom(error);
    }
  }
}
