/**
 * Server -> client event handlers (docs/protocol.md), applied to the session's
 * state. Kept apart from `ChatController` so each event's effect reads on its own.
 */
import type {
  FriendRequest,
  FriendUpdateEvent,
  MentionEvent,
  Message,
  RoomId,
} from '../../protocol/wire.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';
import { TYPING_SHOW_MS } from './typing.js';

/** What the handlers need from the session. */
export interface ServerEventDeps {
  readonly state: ChatState;
  /** Merges live messages, announcing the new ones. */
  receive(messages: readonly Message[]): void;
  subscribe(room: RoomId): Promise<unknown>;
  onFriendRequest(request: FriendRequest): void;
  onFriendUpdate(event: FriendUpdateEvent): void;
  onMention(event: MentionEvent): void;
}

/** Subscribes the session to every server event on `socket`. */
export function bindServerEvents(socket: ChatSocket, deps: ServerEventDeps): void {
  const { state } = deps;

  socket.on('new_message', (message) => deps.receive([message]));

  socket.on('typing', ({ room, user, typing }) => {
    if (user.id === state.me?.id) return;
    state.setTyping(room, user, typing ? Date.now() + TYPING_SHOW_MS : null);
  });

  socket.on('presence', ({ user, status, lastSeen }) => state.setPresence(user, status, lastSeen));

  socket.on('read', ({ room, user, seq }) => {
    // Read in another tab of the same user, or by the other side of a DM.
    if (user.id === state.me?.id) state.markRead(room, seq, true);
    else state.peerRead(room, seq);
  });

  socket.on('unread', ({ room, count }) => state.setUnread(room, count));

  socket.on('friend_update', (event) => deps.onFriendUpdate(event));

  socket.on('friend_request', (request) => deps.onFriendRequest(request));

  socket.on('room_added', (summary) => {
    state.upsertRoom(summary);
    void deps.subscribe(summary.id);
  });

  socket.on('notice', (notice) => state.set('notice', notice));

  socket.on('message_updated', (message) => state.updateMessage(message));

  socket.on('room_updated', ({ room, slowModeSec, readOnly }) =>
    state.setRoomRules(room, { slowModeSec, readOnly }),
  );

  // A mute (or its lift) shows in the composer at once; `room` null: every room.
  socket.on('muted', ({ room, until }) => {
    for (const id of room ? [room] : [...state.rooms.keys()])
      state.setRoomRules(id, { mutedUntil: until ?? undefined });
  });

  socket.on('room_left', ({ room }) => state.removeRoom(room));

  socket.on('room_muted', ({ room, muted }) => state.setMuted(room, muted));

  socket.on('room_counts', ({ room, members, online }) => state.setCounts(room, members, online));

  socket.on('friend_request_closed', ({ request }) =>
    state.dropRequests((r) => r.id === request.id),
  );

  socket.on('mention', (event) => deps.onMention(event));

  socket.on('quote', (quote) => state.setQuote(quote));
}
