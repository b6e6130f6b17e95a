/**
 * Server -> client event handlers (docs/protocol.md), applied to the controller's
 * state. Kept apart from `ChatController` so each event's effect reads on its own.
 */
import type { ChatSocket } from './chat-connection.js';
import type { ChatController } from './chat-controller.js';
import { subscribe } from './room-sync.js';
import { TYPING_SHOW_MS } from './typing.js';

/** Subscribes the controller to every server event on `socket`. */
export function bindServerEvents(socket: ChatSocket, chat: ChatController): void {
  socket.on('new_message', (message) => chat.messages.receive([message], true));

  socket.on('typing', ({ room, user, typing }) => {
    const state = chat.rooms.get(room);
    if (!state || user.id === chat.me?.id) return;
    if (typing) state.typing.set(user.id, { user, until: Date.now() + TYPING_SHOW_MS });
    else state.typing.delete(user.id);
    chat.changed();
  });

  socket.on('presence', ({ user, status, lastSeen }) => {
    chat.presence.set(user.id, { status, lastSeen, at: Date.now() });
    const friend = chat.friends.get(user.id);
    if (friend) chat.friends.set(user.id, { ...friend, status, lastSeen });
    for (const state of chat.rooms.values()) {
      const peer = state.summary.peer;
      if (peer?.id === user.id) state.summary = { ...state.summary, peer: { ...peer, lastSeen } };
    }
    chat.changed();
  });

  socket.on('read', ({ room, user, seq }) => {
    const state = chat.rooms.get(room);
    if (!state) return;
    if (user.id === chat.me?.id) {
      // Read in another tab of the same user.
      state.summary.readSeq = Math.max(state.summary.readSeq, seq);
      if (seq >= state.summary.lastSeq) state.summary.unread = 0;
    } else {
      state.peerReadSeq = Math.max(state.peerReadSeq, seq);
    }
    chat.changed();
  });

  socket.on('unread', ({ room, count }) => {
    const state = chat.rooms.get(room);
    if (!state) return;
    state.summary.unread = count;
    chat.changed();
  });

  socket.on('friend_update', (event) => chat.social.onUpdate(event));

  socket.on('friend_request', (request) => chat.social.onRequest(request));

  socket.on('room_added', (summary) => {
    chat.upsertRoom(summary);
    void subscribe(chat, socket, summary.id);
    chat.changed();
  });

  socket.on('notice', (notice) => {
    chat.notice = notice;
    chat.changed();
  });
}
