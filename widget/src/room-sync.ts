/**
 * Getting rooms and messages from the server: the room list over REST
 * (`/api/me`, `/api/rooms`, `/api/friends`), subscribing (`join_chat`), the
 * first and older history pages (`history`, cursor `beforeSeq`) and catching
 * up after a reconnect (`sync`, paged until `hasMore` is false). Results are
 * merged into the controller's timelines, so repeats are harmless.
 */
import type { RoomId, RoomSummary, User } from '../../server/protocol.js';
import { ask } from './ack.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatController } from './chat-controller.js';
import type { FriendList } from './friends.js';
import { confirmed, firstSeqOf, lastSeqOf, mergeMessages } from './timeline.js';
import type { RoomState } from './types.js';

const HISTORY_PAGE = 30;
const SYNC_PAGE = 200;
const MAX_SYNC_PAGES = 100;

/** Loads the user, the room list and friends over REST into the controller. */
export async function loadRoomList(chat: ChatController): Promise<void> {
  if (!chat.api) return;
  const started = Date.now();
  try {
    const [me, rooms, friends] = await Promise.all([
      chat.api.get<{ user: User }>('/api/me'),
      chat.api.get<{ rooms: RoomSummary[] }>('/api/rooms'),
      chat.api.get<FriendList>('/api/friends'),
    ]);
    chat.me = me.user;
    chat.social.apply(friends, started);
    for (const summary of rooms.rooms) chat.upsertRoom(summary);
    chat.social.addDmRooms();
    chat.loadError = null;
  } catch (error) {
    chat.loadError = error instanceof Error ? error.message : String(error);
  }
  chat.changed();
}

/** Loads the newest page of a room, or the page before the oldest message held. */
export async function loadHistory(chat: ChatController, state: RoomState): Promise<void> {
  const socket = chat.socket;
  if (!socket?.connected) return;
  const beforeSeq = state.loaded ? firstSeqOf(state.messages) || undefined : undefined;
  state.loadingOlder = true;
  chat.changed();
  try {
    const page = await ask(socket, 'history', {
      room: state.summary.id,
      limit: HISTORY_PAGE,
      ...(beforeSeq ? { beforeSeq } : {}),
    });
    state.messages = mergeMessages(state.messages, page.messages.map(confirmed)).messages;
    state.hasMore = page.hasMore;
    state.loaded = true;
    chat.bumpLastSeq(state);
  } catch (error) {
    chat.failFrom(error);
  } finally {
    state.loadingOlder = false;
    chat.changed();
  }
}

/** Subscribes this socket to a room's live events and refreshes its counters. */
export async function subscribe(
  chat: ChatController,
  socket: ChatSocket,
  room: RoomId,
): Promise<void> {
  try {
    const data = await ask(socket, 'join_chat', { room });
    const state = chat.rooms.get(room);
    if (state) {
      state.summary = { ...state.summary, memberCount: data.memberCount };
      state.summary.lastSeq = Math.max(state.summary.lastSeq, data.lastSeq);
      state.summary.readSeq = Math.max(state.summary.readSeq, data.readSeq);
    }
  } catch (error) {
    chat.failFrom(error);
  }
}

/** Asks for everything after the last seq held in each loaded room, page by page. */
export async function syncLoaded(chat: ChatController): Promise<void> {
  const socket = chat.socket;
  const cursors = new Map<RoomId, number>();
  for (const state of chat.rooms.values()) {
    if (state.loaded) cursors.set(state.summary.id, lastSeqOf(state.messages));
  }
  for (let page = 0; page < MAX_SYNC_PAGES && socket?.connected && cursors.size > 0; page += 1) {
    try {
      const rooms = [...cursors].map(([room, lastSeq]) => ({ room, lastSeq }));
      const data = await ask(socket, 'sync', { rooms, limit: SYNC_PAGE });
      chat.messages.receive(data.messages, true);
      let progressed = false;
      for (const message of data.messages) {
        if (message.seq > (cursors.get(message.room) ?? 0)) {
          cursors.set(message.room, message.seq);
          progressed = true;
        }
      }
      if (!data.hasMore || !progressed) return;
    } catch (error) {
      chat.failFrom(error);
      return;
    }
  }
}
