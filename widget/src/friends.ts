/**
 * Friends and groups for `<stock-chat>`: asking for and accepting friendships,
 * creating a group room, and the server's `friend_request` and `friend_update`
 * events. The lists themselves live in `ChatState`; REST goes through the
 * session's `ApiClient`.
 */
import type { FriendRequest, FriendUpdateEvent, RoomId } from '../../protocol/wire.js';
import type { ApiClient } from './api-client.js';
import type { ChatState } from './chat-state.js';
import type { StockChatErrorDetail } from './events.js';

/** What `Friends` needs from the session. */
export interface FriendsDeps {
  readonly state: ChatState;
  api(): ApiClient | null;
  fail(detail: StockChatErrorDetail): void;
  /** Reloads the room list and friends over REST. */
  reloadRooms(): Promise<void>;
  /** Subscribes the socket to a room (the one `join_chat` path). */
  subscribe(room: RoomId): Promise<unknown>;
  /** Lists, subscribes and opens a room. */
  joinRoom(room: RoomId): Promise<unknown>;
}

export class Friends {
  constructor(private readonly deps: FriendsDeps) {}

  /** Asks user `to` for a friendship (`POST /api/friends/requests`); true when it went through. */
  async request(to: string): Promise<boolean> {
    return (await import('./friend-actions.js')).requestFriend(this.deps, to);
  }

  /** Accepts an incoming request; the DM arrives with the server's `friend_update`. */
  async accept(requestId: string): Promise<void> {
    return (await import('./friend-actions.js')).acceptFriend(this.deps, requestId);
  }

  /** Creates a group with some friends (`POST /api/rooms`) and opens it; true once it exists. */
  async createGroup(name: string, members: string[]): Promise<boolean> {
    return (await import('./friend-actions.js')).createGroup(this.deps, name, members);
  }

  /** `friend_request`: someone asked this user (or this user asked, in another tab). */
  onRequest(request: FriendRequest): void {
    const { state } = this.deps;
    state.putRequest(request, request.from.id === state.me?.id);
  }

  /** `friend_update`: a friendship began (the DM is listed and joined) or ended (it goes). */
  onUpdate({ kind, friend, room }: FriendUpdateEvent): void {
    const { state } = this.deps;
    state.dropRequests((r) => r.from.id === friend.id || r.to.id === friend.id);
    if (kind === 'removed') {
      state.removeFriend(friend.id);
      state.removeRoom(room);
      return;
    }
    const befriended = { ...friend, status: 'online' as const, room };
    state.setFriend(befriended);
    state.ensureRoom(room, befriended);
    void this.deps.reloadRooms();
    void this.deps.subscribe(room);
  }
}
