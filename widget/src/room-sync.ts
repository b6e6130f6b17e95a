/**
 * Getting rooms and messages from the server: the room list over REST
 * (`/api/me`, `/api/rooms`, `/api/friends`), subscribing (`join_chat`), the
 * first and older history pages (`history`, cursor `beforeSeq`) and catching
 * up after a reconnect (`sync`, paged until `hasMore` is false). Results are
 * merged into the session's state, so repeats are harmless.
 */
import type { Message, RoomId, RoomSummary, User } from '../../server/protocol.js';
import { ask } from './ack.js';
import type { ApiClient } from './api-client.js';
import { codeOf } from './api-client.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';
import type { FriendList } from './chat-view.js';
import { confirmed, firstSeqOf, lastRevOf, lastSeqOf } from './timeline.js';
import type { ShownError } from './types.js';

const HISTORY_PAGE = 30;
const SYNC_PAGE = 200;
const MAX_SYNC_PAGES = 100;

/** What `RoomSync` needs from the session. */
export interface RoomSyncDeps {
  readonly state: ChatState;
  socket(): ChatSocket | null;
  api(): ApiClient | null;
  /** Reports a failed request (negative ack or timeout) to the host page. */
  failFrom(error: unknown): void;
  /** Merges messages that arrived by `sync`, announcing the new ones. */
  receive(messages: readonly Message[]): void;
}

export class RoomSync {
  constructor(private readonly deps: RoomSyncDeps) {}

  /** Loads the user, the room list and friends over REST. */
  async loadRoomList(): Promise<void> {
    const { state } = this.deps;
    const api = this.deps.api();
    if (!api) return;
    const started = Date.now();
    try {
      const page = (cursor: string | null) =>
        api.get<{ rooms: RoomSummary[]; nextCursor: string | null }>(
          `/api/rooms${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
      const [me, first, friends] = await Promise.all([
        api.get<{ user: User }>('/api/me'),
        page(null),
        api.get<FriendList>('/api/friends'),
      ]);
      state.set('me', me.user);
      // Every page of the list (100 rooms each), not only the first.
      for (let rooms = first; ; rooms = await page(rooms.nextCursor)) {
        for (const summary of rooms.rooms) state.upsertRoom(summary);
        if (!rooms.nextCursor) break;
      }
      state.applyFriendList(friends, started);
      state.set('loadError', null);
    } catch (error) {
      state.set('loadError', codeOf(error));
    }
  }

  /** Loads the newest page of a room, or the page before the oldest message held. */
  async loadHistory(room: RoomId): Promise<void> {
    const { state } = this.deps;
    const socket = this.deps.socket();
    const held = state.rooms.get(room);
    if (!socket?.connected || !held) return;
    const beforeSeq = held.loaded ? firstSeqOf(held.messages) || undefined : undefined;
    state.setLoadingOlder(room, true);
    try {
      const page = await ask(socket, 'history', {
        room,
        limit: HISTORY_PAGE,
        ...(beforeSeq ? { beforeSeq } : {}),
      });
      state.merge(room, page.messages.map(confirmed));
      state.setHistoryLoaded(room, page.hasMore);
    } catch (error) {
      this.deps.failFrom(error);
    } finally {
      state.setLoadingOlder(room, false);
    }
  }

  /**
   * Subscribes this socket to a room's live events and refreshes its counters;
   * resolves null, or the code of the server's refusal. Offline, it waits for the
   * next connect (which subscribes every listed room) and resolves null.
   */
  async subscribe(room: RoomId): Promise<ShownError | null> {
    const socket = this.deps.socket();
    if (!socket?.connected) return null;
    try {
      const data = await ask(socket, 'join_chat', { room });
      this.deps.state.applyJoin(room, data);
      this.deps.state.setRoomRules(room, {
        slowModeSec: data.slowModeSec,
        readOnly: data.readOnly,
        mutedUntil: data.mutedUntil,
        canModerate: data.canModerate,
        refused: undefined,
      });
      return null;
    } catch (error) {
      this.deps.failFrom(error);
      const code = codeOf(error);
      // The composer then says why instead of taking messages the server will refuse.
      if (code === 'forbidden' || code === 'not_found') {
        this.deps.state.setRoomRules(room, { refused: code });
      }
      return code;
    }
  }

  /**
   * Asks for everything after the last seq held in each loaded room, page by page,
   * and (with `lastRev`) for the held messages edited or deleted meanwhile.
   */
  async syncLoaded(): Promise<void> {
    const socket = this.deps.socket();
    const cursors = new Map<RoomId, number>();
    const revs = new Map<RoomId, number>();
    for (const held of this.deps.state.rooms.values()) {
      if (!held.loaded) continue;
      cursors.set(held.summary.id, lastSeqOf(held.messages));
      revs.set(held.summary.id, lastRevOf(held.messages));
    }
    for (let page = 0; page < MAX_SYNC_PAGES && socket?.connected && cursors.size > 0; page += 1) {
      try {
        const rooms = [...cursors].map(([room, lastSeq]) => ({
          room,
          lastSeq,
          lastRev: revs.get(room) ?? 0,
        }));
        const data = await ask(socket, 'sync', { rooms, limit: SYNC_PAGE });
        this.deps.receive(data.messages);
        let progressed = false;
        for (const message of data.messages) {
          if (message.rev > (revs.get(message.room) ?? 0)) {
            revs.set(message.room, message.rev);
            progressed = true;
          }
          if (message.seq > (cursors.get(message.room) ?? 0)) {
            cursors.set(message.room, message.seq);
            progressed = true;
          }
        }
        if (!data.hasMore || !progressed) return;
      } catch (error) {
        this.deps.failFrom(error);
        return;
      }
    }
  }
}
