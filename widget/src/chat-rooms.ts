/**
 * The rooms half of the widget's state, which `ChatState` extends: every room
 * the session holds, with its summary and counters, its timeline and the
 * delivery of own messages, unread counts and read marks, and who is typing.
 * Every change goes through `touch`, which schedules one `onChange` per
 * microtask, so a burst of changes re-renders (and reports unread counts) once.
 */
import type { Friend, Message, RoomId, RoomSummary, UserRef } from '../../protocol/wire.js';
import { bareSummary, newRoomState } from './rooms.js';
import { capTimeline, lastSeqOf, mergeMessages } from './timeline.js';
import type { ChatMessage, DeliveryState, RoomState } from './types.js';

/** What a history page says of the history beyond it. */
export interface PageMore {
  older?: boolean;
  newer?: boolean;
}

export class ChatRooms {
  protected readonly roomMap = new Map<RoomId, RoomState>();
  private scheduled = false;
  private changes = 0;

  constructor(private readonly onChange: () => void) {}

  get rooms(): ReadonlyMap<RoomId, RoomState> {
    return this.roomMap;
  }

  get totalUnread(): number {
    let total = 0;
    for (const room of this.rooms.values()) if (!room.summary.muted) total += room.summary.unread;
    return total;
  }

  /** Counts every change, so a view can tell whether anything moved since it last drew. */
  get revision(): number {
    return this.changes;
  }

  /** Schedules one `onChange` for everything changed in this turn. */
  protected touch(): void {
    this.changes += 1;
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.onChange();
    });
  }

  // ---- rooms ----

  /** Adds a room or merges a fresher summary into the one held. */
  upsertRoom(summary: RoomSummary): RoomState {
    const held = this.rooms.get(summary.id);
    this.touch();
    if (!held) {
      const state = newRoomState(summary);
      this.roomMap.set(summary.id, state);
      return state;
    }
    held.summary = { ...held.summary, ...summary, peer: summary.peer ?? held.summary.peer };
    held.peerReadSeq = Math.max(held.peerReadSeq, summary.peerReadSeq ?? 0);
    bumpLastSeq(held);
    return held;
  }

  /** The room, listed under its bare id first if it was not held. */
  ensureRoom(room: RoomId, peer?: Friend): RoomState {
    return this.rooms.get(room) ?? this.upsertRoom(bareSummary(room, peer));
  }

  /** A ticker room's member and online counts (`join_chat`, `room_counts`). */
  setCounts(room: RoomId, members: number, online: number): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.summary = { ...state.summary, memberCount: members };
    state.online = online;
    this.touch();
  }

  /** This user muted or unmuted a room (here or on another device). */
  setMuted(room: RoomId, muted: boolean): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.summary = { ...state.summary, muted };
    this.touch();
  }

  /** Takes the counters a `join_chat` answer carries. */
  applyJoin(
    room: RoomId,
    data: {
      memberCount: number;
      lastSeq: number;
      readSeq: number;
      online?: number;
      muted?: boolean;
    },
  ): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.online = data.online;
    state.summary = {
      ...state.summary,
      muted: data.muted,
      memberCount: data.memberCount,
      lastSeq: Math.max(state.summary.lastSeq, data.lastSeq),
      readSeq: Math.max(state.summary.readSeq, data.readSeq),
    };
    this.touch();
  }

  // ---- messages ----

  /**
   * Merges live messages (events, acks, `sync`, the outbox) into a room's timeline;
   * returns the new and the newly confirmed ones. While newer history is not held
   * (`hasNewer`), one past the newest held is not kept either, or the list would skip
   * the gap: it is still reported new, and paging forward fetches it in its place.
   */
  merge(
    room: RoomId,
    messages: readonly ChatMessage[],
  ): { added: ChatMessage[]; settled: ChatMessage[] } {
    const state = this.ensureRoom(room);
    const newest = lastSeqOf(state.messages);
    const past = state.hasNewer ? messages.filter((m) => m.seq > newest) : [];
    let held = state.messages;
    if (past.length > 0) {
      // An own message confirmed past the gap: its pending copy goes, it comes back forward.
      const ids = new Set(past.map((m) => m.sender.id + m.clientId));
      held = held.filter((m) => m.seq > 0 || !ids.has(m.sender.id + m.clientId));
    }
    const merged = mergeMessages(
      held,
      past.length > 0 ? messages.filter((m) => !past.includes(m)) : messages,
    );
    this.keep(state, merged.messages);
    state.summary.lastSeq = Math.max(state.summary.lastSeq, lastSeqOf(past));
    return { added: [...merged.added, ...past], settled: merged.settled };
  }

  /**
   * Merges a page of history next to what is held: older (`history`, with its
   * `hasMore`) or newer (a forward `sync`, with whether more follow).
   */
  mergePage(room: RoomId, messages: readonly ChatMessage[], more: PageMore): void {
    const state = this.ensureRoom(room);
    if (more.older !== undefined) state.hasMore = more.older;
    if (more.newer !== undefined) state.hasNewer = more.newer;
    state.loaded = true;
    this.keep(state, mergeMessages(state.messages, messages).messages);
  }

  /** Replaces a room's history with one page (around a quoted message, or the newest). */
  replaceHistory(room: RoomId, messages: readonly ChatMessage[], more: Required<PageMore>): void {
    const state = this.ensureRoom(room);
    state.messages = state.messages.filter((m) => m.seq === 0);
    state.hasMore = more.older;
    state.hasNewer = more.newer;
    state.loaded = true;
    this.keep(state, mergeMessages(state.messages, messages).messages);
  }

  /** Where the reader is in a room (0: at the newest), for the memory cap; no re-render. */
  setViewSeq(room: RoomId, seq: number): void {
    const state = this.rooms.get(room);
    if (state) state.viewSeq = seq;
  }

  /** Holds `messages` within the cap, noting which ends there is more of. */
  private keep(state: RoomState, messages: ChatMessage[]): void {
    const capped = capTimeline(messages, state.viewSeq);
    state.messages = capped.messages;
    if (capped.older) state.hasMore = true;
    if (capped.newer) state.hasNewer = true;
    bumpLastSeq(state);
    this.touch();
  }

  setLoadingOlder(room: RoomId, loading: boolean): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.loadingOlder = loading;
    this.touch();
  }

  /** Marks an unconfirmed own message pending or failed. */
  setDelivery(room: RoomId, clientId: string, delivery: DeliveryState, error?: string): void {
    const message = this.rooms
      .get(room)
      ?.messages.find((m) => m.clientId === clientId && m.seq === 0);
    if (!message) return;
    message.state = delivery;
    message.error = error;
    message.retryAt = undefined;
    this.touch();
  }

  /** A rate-limited own message: pending, sent again by itself at `retryAt`. */
  setWaiting(room: RoomId, clientId: string, retryAt: number): void {
    this.setDelivery(room, clientId, 'pending');
    const message = this.rooms.get(room)?.messages.find((m) => m.clientId === clientId);
    if (message) message.retryAt = retryAt;
  }

  /** Takes an unconfirmed own message off the timeline (its send was refused for good). */
  dropPending(room: RoomId, clientId: string): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.messages = state.messages.filter((m) => m.seq !== 0 || m.clientId !== clientId);
    this.touch();
  }

  /** Places the unread divider at the read mark, when the room is opened with unread messages. */
  placeDivider(room: RoomId): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.dividerSeq = state.summary.unread > 0 ? state.summary.readSeq : 0;
    this.touch();
  }

  /** Replaces a held message with a newer revision of it (an edit, a delete); others are ignored. */
  updateMessage(message: Message): void {
    const state = this.rooms.get(message.room);
    const index = state?.messages.findIndex((m) => m.seq === message.seq && m.seq > 0) ?? -1;
    if (!state || index === -1 || state.messages[index].rev > message.rev) return;
    // A room broadcast carries no `mine`: keep what this user chose.
    const held = state.messages[index].reactions;
    const reactions = message.reactions.map((r) =>
      r.mine === undefined ? { ...r, mine: held.find((h) => h.emoji === r.emoji)?.mine } : r,
    );
    state.messages = state.messages.slice();
    state.messages[index] = { ...message, reactions, state: 'sent' };
    this.touch();
  }

  /** Takes out every message of a user (after blocking them). */
  dropMessagesOf(userId: string): void {
    for (const state of this.rooms.values()) {
      state.messages = state.messages.filter((m) => m.sender.id !== userId);
    }
    this.touch();
  }

  // ---- unread and read marks ----

  addUnread(room: RoomId, count: number): void {
    const state = this.rooms.get(room);
    if (!state || count === 0) return;
    state.summary.unread += count;
    this.touch();
  }

  /** Another unread message mentions this user. */
  addMention(room: RoomId): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.mentions += 1;
    this.touch();
  }

  setUnread(room: RoomId, count: number): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.summary.unread = count;
    this.touch();
  }

  /** This user read the room up to `seq` (here, or in another tab when `elsewhere`). */
  markRead(room: RoomId, seq: number, elsewhere = false): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.summary.readSeq = Math.max(state.summary.readSeq, seq);
    if (!elsewhere || seq >= state.summary.lastSeq) {
      state.summary.unread = 0;
      state.mentions = 0;
    }
    this.touch();
  }

  /** The other side of a DM read up to `seq`. */
  peerRead(room: RoomId, seq: number): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.peerReadSeq = Math.max(state.peerReadSeq, seq);
    this.touch();
  }

  // ---- typing ----

  setTyping(room: RoomId, user: UserRef, until: number | null): void {
    const state = this.rooms.get(room);
    if (!state) return;
    const had = state.typing.delete(user.id);
    if (until !== null) state.typing.set(user.id, { user, until });
    if (had || until !== null) this.touch();
  }

  /** Drops received "is typing" entries that ran out. */
  expireTyping(now = Date.now()): void {
    for (const state of this.rooms.values()) {
      for (const [id, entry] of state.typing) {
        if (entry.until < now && state.typing.delete(id)) this.touch();
      }
    }
  }
}

/** Raises the room's known last seq to the highest one held. */
function bumpLastSeq(state: RoomState): void {
  state.summary.lastSeq = Math.max(state.summary.lastSeq, lastSeqOf(state.messages));
}
