/**
 * Leaving a room, muting it, a room's member list, ending friendships or
 * requests, and the blocked list with Unblock: a chunk of its own, loaded with
 * the first such action (`People` forwards here).
 */
import type { RoomId } from '../../protocol/wire.js';
import { ask } from './ack.js';
import type { ChatSocket } from './chat-connection.js';
import type { PeopleDeps } from './people.js';

export class PeopleActions {
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

  /** Loads the users this user blocks, for the blocked list. */
  blockedUsers(): Promise<void> {
    return this.call(async (socket) => {
      const { users } = await ask(socket, 'blocked_users', {});
      this.deps.state.set('blocked', users);
    });
  }

  /** Unblocks a user: their messages reach this user again from now on. */
  unblock(id: string): Promise<void> {
    return this.call(async (socket) => {
      await ask(socket, 'unblock_user', { userId: id });
      const { blocked } = this.deps.state;
      this.deps.state.set('blocked', blocked && blocked.filter((u) => u.id !== id));
    });
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
