/**
 * Friends and groups for `<stock-chat>`: the friend list with live presence,
 * pending requests both ways, asking and accepting, and creating a group room.
 * REST goes through the controller's `ApiClient`; the server's `friend_request`
 * and `friend_update` events land here as well.
 */
import type {
  Friend,
  FriendRequest,
  FriendUpdateEvent,
  RoomSummary,
} from '../../server/protocol.js';
import { ApiError } from './api-client.js';
import type { ChatController } from './chat-controller.js';
import { bareSummary } from './rooms.js';

/** `GET /api/friends`. */
export interface FriendList {
  friends: Friend[];
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
}

/** What the last add-friend or new-group action came to, for the panel to show. */
export type FriendsOutcome =
  { ok: true; kind: 'sent' | 'befriended'; name: string } | { ok: false; message: string };

export class Friends {
  /** Requests other users sent this user, oldest first. */
  incoming: FriendRequest[] = [];
  /** Requests this user sent that are still pending. */
  outgoing: FriendRequest[] = [];
  /** The result of the last "Add friend". */
  addOutcome: FriendsOutcome | null = null;
  /** Why the last "New group" failed, if it did. */
  groupError: string | null = null;

  constructor(private readonly chat: ChatController) {}

  /** Takes a loaded friend list; presence that arrived after `started` wins over it. */
  apply(list: FriendList, started: number): void {
    const { friends, presence } = this.chat;
    for (const friend of list.friends) {
      const live = presence.get(friend.id);
      const newer = live && live.at >= started;
      friends.set(
        friend.id,
        newer ? { ...friend, status: live.status, lastSeen: live.lastSeen } : friend,
      );
    }
    this.incoming = list.incoming;
    this.outgoing = list.outgoing;
  }

  /** Lists the DM room of every friend not yet held (call after the room list is merged). */
  addDmRooms(): void {
    for (const friend of this.chat.friends.values()) {
      if (!this.chat.rooms.has(friend.room)) this.chat.upsertRoom(bareSummary(friend.room, friend));
    }
  }

  /** Asks user `to` for a friendship (`POST /api/friends/requests`); true when it went through. */
  async request(to: string): Promise<boolean> {
    const id = to.trim();
    const api = this.chat.api;
    if (!id || !api) return false;
    try {
      const { request } = await api.post<{ request: FriendRequest }>('/api/friends/requests', {
        to: id,
      });
      if (request.status === 'pending') {
        this.outgoing = [...this.outgoing.filter((r) => r.id !== request.id), request];
        this.addOutcome = { ok: true, kind: 'sent', name: request.to.name };
      } else {
        // They had already asked us: the server accepted their request instead.
        this.incoming = this.incoming.filter((r) => r.id !== request.id);
        this.addOutcome = { ok: true, kind: 'befriended', name: request.from.name };
      }
      return true;
    } catch (error) {
      this.addOutcome = { ok: false, message: messageOf(error) };
      return false;
    } finally {
      this.chat.changed();
    }
  }

  /**
   * Accepts an incoming request; the DM arrives with the server's `friend_update`.
   * A failure shows as the add-friend outcome and fires `stock-chat-error`.
   */
  async accept(requestId: string): Promise<void> {
    const api = this.chat.api;
    if (!api) return;
    try {
      await api.post(`/api/friends/requests/${encodeURIComponent(requestId)}/accept`, {});
      this.incoming = this.incoming.filter((r) => r.id !== requestId);
    } catch (error) {
      const message = messageOf(error);
      this.addOutcome = { ok: false, message };
      this.chat.fail({ code: error instanceof ApiError ? error.code : 'network', message });
    }
    this.chat.changed();
  }

  /** Creates a group with some friends (`POST /api/rooms`) and opens it. */
  async createGroup(name: string, members: string[]): Promise<boolean> {
    const api = this.chat.api;
    if (!name.trim() || !api) return false;
    try {
      const { room } = await api.post<{ room: RoomSummary }>('/api/rooms', {
        name: name.trim(),
        members,
      });
      this.groupError = null;
      this.chat.upsertRoom(room);
      await this.chat.joinRoom(room.id);
      return true;
    } catch (error) {
      this.groupError = messageOf(error);
      this.chat.changed();
      return false;
    }
  }

  /** `friend_request`: someone asked this user (or this user asked, in another tab). */
  onRequest(request: FriendRequest): void {
    const mine = request.from.id === this.chat.me?.id;
    const list = mine ? this.outgoing : this.incoming;
    const next = [...list.filter((r) => r.id !== request.id), request];
    if (mine) this.outgoing = next;
    else this.incoming = next;
    this.chat.changed();
  }

  /** `friend_update`: a friendship began (the DM is listed and joined) or ended (it goes). */
  onUpdate({ kind, friend, room }: FriendUpdateEvent): void {
    const other = (r: FriendRequest) => r.from.id !== friend.id && r.to.id !== friend.id;
    this.incoming = this.incoming.filter(other);
    this.outgoing = this.outgoing.filter(other);
    const { chat } = this;
    if (kind === 'removed') {
      chat.friends.delete(friend.id);
      chat.removeRoom(room);
      return;
    }
    chat.friends.set(friend.id, { ...friend, status: 'online', room });
    if (!chat.rooms.has(room)) chat.upsertRoom(bareSummary(room, chat.friends.get(friend.id)));
    void chat.loadRooms();
    chat.socket?.emit('join_chat', { room }, () => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
