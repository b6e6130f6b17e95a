/**
 * Getting rooms and messages from the server: the room list over REST
 * (`/api/me`, `/api/rooms`, `/api/friends`), subscribing (`join_chat`), the
 * first and older history pages (`history`, cursor `beforeSeq`) and catching
 * up after a reconnect (`sync`, paged until `hasMore` is false). Results are
 * merged into the session's state, so repeats are harmless.
 */
import type { Message, MessagesPage, RoomId, RoomSummary, User } from '../../protocol/wire.js';
import { ask, type AckPayload } from './ack.js';
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
    const held = this.deps.state.rooms.get(room);
    if (!held) return;
    const beforeSeq = held.loaded ? firstSeqOf(held.messages) || undefined : undefined;
    await this.page(room, { room, limit: HISTORY_PAGE, beforeSeq }, (page) =>
      this.deps.state.mergePage(room, page.messages.map(confirmed), { older: page.hasMore }),
    );
  }

  /**
   * The history of a room being opened: its newest page, or when its first unread
   * message is not held (more than a page back), the page around that message.
   */
  async loadOpening(room: RoomId): Promise<void> {
    const held = this.deps.state.rooms.get(room);
    // A page on its way (the room opened twice, by its attribute and on connect) is that page.
    if (!held || held.loadingOlder) return;
    const first = held.dividerSeq + 1;
    const { messages } = held;
    const away = held.loaded
      ? (held.hasMore && firstSeqOf(messages) > first) ||
        (held.hasNewer && lastSeqOf(messages) < first)
      : held.summary.lastSeq - held.dividerSeq > HISTORY_PAGE;
    if (held.dividerSeq && away) await this.loadAround(room, first);
    else if (!held.loaded) await this.loadHistory(room);
  }

  /** Loads the page after the newest message held (newer ones were dropped or never fetched). */
  async loadNewer(room: RoomId): Promise<void> {
    const held = this.deps.state.rooms.get(room);
    if (!held?.hasNewer) return;
    const lastSeq = lastSeqOf(held.messages);
    await this.page(room, { rooms: [{ room, lastSeq }], limit: HISTORY_PAGE }, (page) =>
      this.deps.state.mergePage(room, page.messages.map(confirmed), { newer: page.hasMore }),
    );
  }

  /**
   * Replaces what a room holds with one page: around message `seq` (a quote's
   * original that is not held), or without `seq` the newest messages.
   */
  async loadAround(room: RoomId, seq?: number): Promise<void> {
    const beforeSeq = seq ? seq + HISTORY_PAGE / 2 : undefined;
    await this.page(room, { room, limit: HISTORY_PAGE, beforeSeq }, (page) => {
      const newest = lastSeqOf(page.messages);
      const lastSeq = this.deps.state.rooms.get(room)?.summary.lastSeq ?? 0;
      this.deps.state.replaceHistory(room, page.messages.map(confirmed), {
        older: page.hasMore,
        newer: Boolean(seq) && newest < lastSeq,
      });
    });
  }

  /** One page of a room (`history`, or `sync` forward), shown as loading while on its way. */
  private async page(
    room: RoomId,
    payload: AckPayload<'history'> | AckPayload<'sync'>,
    take: (page: MessagesPage) => void,
  ): Promise<void> {
    const { state } = this.deps;
    const socket = this.deps.socket();
    if (!socket?.connected || !state.rooms.has(room)) return;
    state.setLoadingOlder(room, true);
    try {
      take(
        await ('rooms' in payload ? ask(socket, 'sync', payload) : ask(socket, 'history', payload)),
      );
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
      // A room read far back pages forward as the reader comes down; nothing to catch up here.
      if (!held.loaded || held.hasNewer) continue;
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
