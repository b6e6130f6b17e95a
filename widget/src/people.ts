/**
 * Rooms and people for `<stock-chat>`: leaving a ticker room, muting a room
 * (kept per user on the server, so every device follows), a group's member
 * list, ending friendships and pending requests, and the blocked list. Changes go through
 * `ChatState`'s named methods; views call the methods here.
 */
import type { RoomId } from '../../protocol/wire.js';
import type { ApiClient } from './api-client.js';
import type { ChatSocket } from './chat-connection.js';
import type { PeopleActions } from './people-actions.js';
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
    return this.act((a) => a.leave(room));
  }

  /** Mutes or unmutes a room for this user, on every device. */
  mute(room: RoomId, muted: boolean): Promise<void> {
    return this.act((a) => a.mute(room, muted));
  }

  /** Loads who is in a group or DM. */
  members(room: RoomId): Promise<void> {
    return this.act((a) => a.members(room));
  }

  /** Declines an incoming request or cancels an outgoing one. */
  closeRequest(id: string): Promise<void> {
    return this.act((a) => a.closeRequest(id));
  }

  /** Ends a friendship; the DM goes when `friend_update` `removed` arrives. */
  unfriend(id: string): Promise<void> {
    return this.act((a) => a.unfriend(id));
  }

  /** Loads the users this user blocks, for the blocked list. */
  blockedUsers(): Promise<void> {
    return this.act((a) => a.blockedUsers());
  }

  /** Unblocks a user: their messages reach this user again from now on. */
  unblock(id: string): Promise<void> {
    return this.act((a) => a.unblock(id));
  }

  /** Runs an action from the chunk that holds them (loaded with the first one). */
  private async act(run: (actions: PeopleActions) => Promise<void>): Promise<void> {
    try {
      const { PeopleActions } = await import('./people-actions.js');
      await run(new PeopleActions(this.deps));
    } catch (error) {
      this.deps.failFrom(error);
    }
  }
}
