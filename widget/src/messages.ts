/**
 * The message side of the chat session: optimistic sends through the outbox,
 * merging confirmed messages from any source into the room timelines, unread
 * counts and read marks. Kept apart from `ChatController`, which owns the
 * connection and the room list, so the life of a message reads in one place.
 */
import type { Message, ReplyRef, RoomId } from '../../protocol/wire.js';
import { ask } from './ack.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';
import type { Delivery } from './delivery.js';
import { stockChatEvent } from './events.js';
import type { StockChatEventDetails } from './events.js';
import { newClientId } from './outbox.js';
import type { OutboxEntry } from './outbox.js';
import { confirmed, lastSeqOf } from './timeline.js';
import type { ChatMessage, DeliveryState } from './types.js';

/** What `Messages` needs from the session: the state, the socket and the outbox. */
export interface MessagesDeps {
  readonly state: ChatState;
  socket(): ChatSocket | null;
  delivery(): Delivery | null;
  /** Ends the own "is typing" signal (a send ends it). */
  stopTyping(): void;
  /** Fires a `stock-chat-message` event on the element. */
  announce(detail: StockChatEventDetails['stock-chat-message']): void;
  /** A message arrived in a room that is not on screen (and not muted). */
  notify(detail: StockChatEventDetails['stock-chat-notification']): void;
}

/** At most one `mark_read` per room this often (ms): a busy room would send one per message. */
const READ_EVERY_MS = 500;

export class Messages {
  /** Read marks not sent yet, by room: the last one wins. */
  private readonly reads = new Map<RoomId, number>();
  private readTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: MessagesDeps) {}

  /** Sends text to the active room (optimistically shown as pending), as a reply to `replyTo`. */
  send(text: string, replyTo?: ChatMessage): void {
    const { state } = this.deps;
    const delivery = this.deps.delivery();
    const room = state.activeRoom;
    const body = text.trim();
    if (!room || !body || !delivery) return;
    this.deps.stopTyping();
    const entry: OutboxEntry = {
      room,
      text: body,
      clientId: newClientId(),
      createdAt: new Date().toISOString(),
      ...(replyTo?.seq ? { replyTo: replyTo.seq } : {}),
    };
    this.showPending(entry, replyTo);
    void delivery.enqueue(entry);
  }

  /** Sends a failed message again with its original clientId. */
  retry(room: RoomId, clientId: string): void {
    const { state } = this.deps;
    const delivery = this.deps.delivery();
    const message = state.rooms.get(room)?.messages.find((m) => m.clientId === clientId);
    if (!message || !delivery) return;
    const { text, createdAt, replyTo } = message;
    state.setDelivery(room, clientId, 'pending');
    void delivery.enqueue({
      room,
      clientId,
      text,
      createdAt,
      ...(replyTo ? { replyTo: replyTo.seq } : {}),
    });
  }

  /** Merges confirmed messages from any source; `announce` fires host events for new ones. */
  receive(messages: readonly Message[], announce: boolean): void {
    const { state } = this.deps;
    const me = state.me?.id;
    const byRoom = new Map<RoomId, Message[]>();
    for (const message of messages) {
      byRoom.set(message.room, [...(byRoom.get(message.room) ?? []), message]);
    }
    for (const [room, list] of byRoom) {
      const merged = state.merge(room, list.map(confirmed));
      for (const message of list) {
        // Stored, even if its own ack was lost: it must not be sent again.
        if (message.sender.id === me) this.deps.delivery()?.outbox.remove(message.clientId);
        state.setTyping(room, message.sender, null);
      }
      const incoming = merged.added.filter((m) => m.sender.id !== me);
      if (incoming.length > 0) {
        const open = state.visible && state.activeRoom === room;
        // Read only by a reader at the newest message; one scrolled up has them to come.
        if (open && !state.rooms.get(room)?.viewSeq) this.markRead(room);
        else if (open) state.addUnread(room, incoming.length);
        else this.unseen(room, incoming, announce);
        state.set('lastIncoming', incoming[incoming.length - 1]);
      }
      for (const message of [...merged.settled, ...(announce ? merged.added : [])]) {
        this.deps.announce({ message, own: message.sender.id === me });
      }
    }
  }

  /** Counts messages that arrived off screen and tells the host page of live ones. */
  private unseen(room: RoomId, incoming: readonly ChatMessage[], live: boolean): void {
    const { state } = this.deps;
    const me = state.me?.id ?? '';
    state.addUnread(room, incoming.length);
    for (const message of incoming) {
      const mention = message.mentions.includes(me);
      if (mention) state.addMention(room);
      if (live && !state.rooms.get(room)?.summary.muted)
        this.deps.notify({ room, message, mention });
    }
  }

  /** Marks the open room read when it is on screen and its reader is at the newest message. */
  readIfShown(room: RoomId): void {
    const { state } = this.deps;
    if (state.visible && state.activeRoom === room && !state.rooms.get(room)?.viewSeq)
      this.markRead(room);
  }

  /**
   * Marks the room read up to its last message, here at once and on the server
   * at once too, unless a mark went out less than `READ_EVERY_MS` ago: then at
   * the end of that time, with any others (the last of each room).
   */
  markRead(room: RoomId): void {
    const { state } = this.deps;
    const held = state.rooms.get(room);
    const seq = held ? Math.max(lastSeqOf(held.messages), held.summary.lastSeq) : 0;
    if (!held || seq === 0 || (seq <= held.summary.readSeq && held.summary.unread === 0)) return;
    state.markRead(room, seq);
    this.reads.set(room, seq);
    if (!this.readTimer) void this.flushReads();
  }

  /**
   * Sends the read marks held back, then holds the next ones for `READ_EVERY_MS`;
   * resolves once the server answered (the session waits for that before it closes).
   */
  flushReads(): Promise<unknown> {
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    const socket = this.deps.socket();
    const sent = [...this.reads].map(
      ([room, seq]) => socket?.connected && ask(socket, 'mark_read', { room, seq }).catch(() => 0),
    );
    if (sent.length) this.readTimer = setTimeout(() => void this.flushReads(), READ_EVERY_MS);
    this.reads.clear();
    return Promise.all(sent);
  }

  /** Shows an outbox entry in its room as a pending message. */
  showPending(entry: OutboxEntry, original?: ChatMessage): void {
    const { state } = this.deps;
    if (!state.me) return;
    const { replyTo, ...rest } = entry;
    const quoted =
      original ?? state.rooms.get(entry.room)?.messages.find((m) => replyTo && m.seq === replyTo);
    const pending: ChatMessage = {
      ...rest,
      ...(quoted ? { replyTo: quoteOf(quoted) } : {}),
      id: '',
      seq: 0,
      rev: 0,
      sender: { id: state.me.id, name: state.me.name, kind: 'user' },
      cashtags: [],
      mentions: [],
      reactions: [],
      state: 'pending',
    };
    state.merge(entry.room, [pending]);
  }

  /** Marks an unconfirmed own message pending or failed. */
  setState(entry: OutboxEntry, delivery: DeliveryState, error?: string): void {
    this.deps.state.setDelivery(entry.room, entry.clientId, delivery, error);
  }
}

/** The quote a reply shows before the server's copy arrives. */
function quoteOf(message: ChatMessage): ReplyRef {
  const { seq, sender, text } = message;
  return { seq, sender, excerpt: text.length > 140 ? `${text.slice(0, 139)}…` : text };
}

/** Builds the `stock-chat-message` announcer for an element. */
export function announcer(host: HTMLElement): MessagesDeps['announce'] {
  return (detail) => host.dispatchEvent(stockChatEvent('stock-chat-message', detail));
}
