/**
 * The message side of the chat session: optimistic sends through the outbox,
 * merging confirmed messages from any source into the room timelines, unread
 * counts and read marks. Kept apart from `ChatController`, which owns the
 * connection and the room list, so the life of a message reads in one place.
 */
import type { Message, RoomId } from '../../server/protocol.js';
import { ask } from './ack.js';
import type { ChatController } from './chat-controller.js';
import { stockChatEvent } from './events.js';
import { newClientId } from './outbox.js';
import type { OutboxEntry } from './outbox.js';
import { bareSummary } from './rooms.js';
import { confirmed, lastSeqOf, mergeMessages } from './timeline.js';
import type { ChatMessage } from './types.js';

export class Messages {
  constructor(
    private readonly chat: ChatController,
    private readonly host: HTMLElement,
  ) {}

  /** Sends text to the active room (optimistically shown as pending). */
  send(text: string): void {
    const { chat } = this;
    const room = chat.activeRoom;
    const body = text.trim();
    if (!room || !body || !chat.delivery) return;
    chat.typingSender.stop();
    const entry: OutboxEntry = {
      room,
      text: body,
      clientId: newClientId(),
      createdAt: new Date().toISOString(),
    };
    this.showPending(entry);
    void chat.delivery.enqueue(entry);
  }

  /** Sends a failed message again with its original clientId. */
  retry(room: RoomId, clientId: string): void {
    const { chat } = this;
    const message = chat.rooms.get(room)?.messages.find((m) => m.clientId === clientId);
    if (!message || !chat.delivery) return;
    const { text, createdAt } = message;
    this.setState({ room, clientId, text, createdAt }, 'pending');
    void chat.delivery.enqueue({ room, clientId, text, createdAt });
  }

  /** Merges confirmed messages from any source; `announce` fires host events for new ones. */
  receive(messages: readonly Message[], announce: boolean): void {
    const { chat } = this;
    const byRoom = new Map<RoomId, Message[]>();
    for (const message of messages) {
      byRoom.set(message.room, [...(byRoom.get(message.room) ?? []), message]);
    }
    for (const [room, list] of byRoom) {
      const state = chat.rooms.get(room) ?? chat.upsertRoom(bareSummary(room));
      const merged = mergeMessages(state.messages, list.map(confirmed));
      state.messages = merged.messages;
      chat.bumpLastSeq(state);
      for (const message of list) {
        // Stored, even if its own ack was lost: it must not be sent again.
        if (message.sender.id === chat.me?.id) chat.delivery?.outbox.remove(message.clientId);
        state.typing.delete(message.sender.id);
      }
      const incoming = merged.added.filter((m) => m.sender.id !== chat.me?.id);
      if (incoming.length > 0) {
        if (chat.visible && chat.activeRoom === room) this.markRead(room);
        else state.summary.unread += incoming.length;
        chat.lastIncoming = incoming[incoming.length - 1];
      }
      for (const message of [...merged.settled, ...(announce ? merged.added : [])]) {
        const own = message.sender.id === chat.me?.id;
        this.host.dispatchEvent(stockChatEvent('stock-chat-message', { message, own }));
      }
    }
    chat.changed();
  }

  /** Tells the server the room is read up to its last message. */
  markRead(room: RoomId): void {
    const { chat } = this;
    const state = chat.rooms.get(room);
    const seq = state ? Math.max(lastSeqOf(state.messages), state.summary.lastSeq) : 0;
    if (!state || seq === 0 || (seq <= state.summary.readSeq && state.summary.unread === 0)) return;
    state.summary.readSeq = seq;
    state.summary.unread = 0;
    if (chat.socket?.connected) {
      ask(chat.socket, 'mark_read', { room, seq }).catch(() => undefined);
    }
    chat.changed();
  }

  /** Shows an outbox entry in its room as a pending message. */
  showPending(entry: OutboxEntry): void {
    const { chat } = this;
    if (!chat.me) return;
    const state = chat.rooms.get(entry.room) ?? chat.upsertRoom(bareSummary(entry.room));
    const pending: ChatMessage = {
      ...entry,
      id: '',
      seq: 0,
      rev: 0,
      sender: { id: chat.me.id, name: chat.me.name },
      cashtags: [],
      state: 'pending',
    };
    state.messages = mergeMessages(state.messages, [pending]).messages;
    chat.changed();
  }

  /** Marks an unconfirmed own message pending or failed. */
  setState(entry: OutboxEntry, state: ChatMessage['state'], error?: string): void {
    const room = this.chat.rooms.get(entry.room);
    const message = room?.messages.find((m) => m.clientId === entry.clientId && m.seq === 0);
    if (!message) return;
    message.state = state;
    message.error = error;
    this.chat.changed();
  }
}
