/**
 * The widget's state in one object: connection status, the signed-in user,
 * rooms with their timelines, friends, requests and presence. `ChatController`
 * owns it; helpers change it only through the named methods below and views
 * read it through `ChatView`. Each change schedules one `onChange` per
 * microtask, so a burst of changes re-renders (and reports unread counts) once.
 */
import type {
  Friend,
  FriendRequest,
  Member,
  Message,
  NoticeEvent,
  PresenceStatus,
  Quote,
  RoomId,
  RoomSummary,
  User,
  UserRef,
} from '../../server/protocol.js';
import type { FriendsOutcome, FriendList, RoomRules, MessageMenu, ChatView } from './chat-view.js';
import { bareSummary, newRoomState } from './rooms.js';
import { lastSeqOf, mergeMessages } from './timeline.js';
import type {
  ChatMessage,
  ConnectionStatus,
  DeliveryState,
  Refusal,
  RoomState,
  ShownError,
} from './types.js';

type Presence = { status: PresenceStatus; lastSeen: string; at: number };

/** The top-level fields that are plain values, set through `ChatState.set`. */
interface Fields {
  status: ConnectionStatus;
  me: User | null;
  activeRoom: RoomId | null;
  visible: boolean;
  loadError: ShownError | null;
  refusal: Refusal | null;
  notice: NoticeEvent | null;
  lastIncoming: Message | null;
  incoming: readonly FriendRequest[];
  outgoing: readonly FriendRequest[];
  addOutcome: FriendsOutcome | null;
  groupError: ShownError | null;
  menu: MessageMenu | null;
  banned: { until: string | null } | null;
  friendsManagedByHost: boolean;
}

export class ChatState implements ChatView {
  private readonly f: Fields = {
    status: 'idle',
    me: null,
    activeRoom: null,
    visible: false,
    loadError: null,
    refusal: null,
    notice: null,
    lastIncoming: null,
    incoming: [],
    outgoing: [],
    addOutcome: null,
    groupError: null,
    menu: null,
    banned: null,
    friendsManagedByHost: false,
  };
  private readonly rulesMap = new Map<RoomId, RoomRules>();
  private readonly roomMap = new Map<RoomId, RoomState>();
  private readonly friendMap = new Map<string, Friend>();
  private readonly memberMap = new Map<RoomId, readonly Member[]>();
  private readonly quoteMap = new Map<string, Quote>();
  /** Presence events as they arrive, so a slower REST answer cannot overwrite them. */
  private readonly presence = new Map<string, Presence>();
  private scheduled = false;

  constructor(private readonly onChange: () => void) {}

  get rooms(): ReadonlyMap<RoomId, RoomState> {
    return this.roomMap;
  }
  get friends(): ReadonlyMap<string, Friend> {
    return this.friendMap;
  }
  get status(): ConnectionStatus {
    return this.f.status;
  }
  get me(): User | null {
    return this.f.me;
  }
  get activeRoom(): RoomId | null {
    return this.f.activeRoom;
  }
  get visible(): boolean {
    return this.f.visible;
  }
  get loadError(): ShownError | null {
    return this.f.loadError;
  }
  get refusal(): Refusal | null {
    return this.f.refusal;
  }
  get notice(): NoticeEvent | null {
    return this.f.notice;
  }
  get lastIncoming(): Message | null {
    return this.f.lastIncoming;
  }
  get incoming(): readonly FriendRequest[] {
    return this.f.incoming;
  }
  get outgoing(): readonly FriendRequest[] {
    return this.f.outgoing;
  }
  get addOutcome(): FriendsOutcome | null {
    return this.f.addOutcome;
  }
  get groupError(): ShownError | null {
    return this.f.groupError;
  }
  get roomRules(): ReadonlyMap<RoomId, RoomRules> {
    return this.rulesMap;
  }
  get menu(): MessageMenu | null {
    return this.f.menu;
  }
  get banned(): { until: string | null } | null {
    return this.f.banned;
  }
  get members(): ReadonlyMap<RoomId, readonly Member[]> {
    return this.memberMap;
  }
  get friendsManagedByHost(): boolean {
    return this.f.friendsManagedByHost;
  }
  get quotes(): ReadonlyMap<string, Quote> {
    return this.quoteMap;
  }

  /** Keeps a live quote unless one at least as new is held (a rejoin resends the latest). */
  setQuote(quote: Quote): void {
    if ((this.quoteMap.get(quote.symbol)?.ts ?? -1) >= quote.ts) return;
    this.quoteMap.set(quote.symbol, quote);
    this.touch();
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

  setMembers(room: RoomId, members: readonly Member[]): void {
    this.memberMap.set(room, members);
    this.touch();
  }

  /** Changes a room's posting rules (only the fields given). */
  setRoomRules(room: RoomId, change: Partial<RoomRules>): void {
    const held = this.rulesMap.get(room) ?? { slowModeSec: 0, readOnly: false, canModerate: false };
    this.rulesMap.set(room, { ...held, ...change });
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

  get totalUnread(): number {
    let total = 0;
    for (const room of this.rooms.values()) if (!room.summary.muted) total += room.summary.unread;
    return total;
  }

  /** Schedules one `onChange` for everything changed in this turn. */
  private touch(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.onChange();
    });
  }

  /** Sets one of the plain top-level fields (status, user, open room, notices…). */
  set<K extends keyof Fields>(key: K, value: Fields[K]): void {
    if (this.f[key] === value) return;
    this.f[key] = value;
    this.touch();
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

  removeRoom(room: RoomId): void {
    this.roomMap.delete(room);
    if (this.f.activeRoom === room) this.f.activeRoom = null;
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

  /** Merges messages into a room's timeline; returns the new and the newly confirmed ones. */
  merge(
    room: RoomId,
    messages: readonly ChatMessage[],
  ): { added: ChatMessage[]; settled: ChatMessage[] } {
    const state = this.ensureRoom(room);
    const merged = mergeMessages(state.messages, messages);
    state.messages = merged.messages;
    bumpLastSeq(state);
    this.touch();
    return { added: merged.added, settled: merged.settled };
  }

  setLoadingOlder(room: RoomId, loading: boolean): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.loadingOlder = loading;
    this.touch();
  }

  /** Records that a history page was loaded and whether older ones exist. */
  setHistoryLoaded(room: RoomId, hasMore: boolean): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.hasMore = hasMore;
    state.loaded = true;
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

  // ---- typing and presence ----

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

  setPresence(user: UserRef, status: PresenceStatus, lastSeen: string): void {
    this.presence.set(user.id, { status, lastSeen, at: Date.now() });
    // The name comes from the user's current token: a friend first known by id gets it here.
    const { name } = user;
    const friend = this.friends.get(user.id);
    if (friend) this.friendMap.set(user.id, { ...friend, name, status, lastSeen });
    for (const state of this.rooms.values()) {
      const peer = state.summary.peer;
      if (peer?.id === user.id)
        state.summary = { ...state.summary, peer: { ...peer, name, lastSeen } };
    }
    this.touch();
  }

  // ---- friends and requests ----

  /** Takes a loaded friend list; presence that arrived after `started` wins over it. */
  applyFriendList(list: FriendList, started: number): void {
    for (const friend of list.friends) {
      const live = this.presence.get(friend.id);
      const newer = live && live.at >= started;
      this.friendMap.set(
        friend.id,
        newer ? { ...friend, status: live.status, lastSeen: live.lastSeen } : friend,
      );
    }
    this.f.incoming = list.incoming;
    this.f.outgoing = list.outgoing;
    this.f.friendsManagedByHost = list.managedByHost === true;
    for (const friend of this.friends.values()) this.ensureRoom(friend.room, friend);
    this.touch();
  }

  setFriend(friend: Friend): void {
    this.friendMap.set(friend.id, friend);
    this.touch();
  }

  removeFriend(id: string): void {
    this.friendMap.delete(id);
    this.touch();
  }

  /** Adds or replaces a pending request on the side it belongs to. */
  putRequest(request: FriendRequest, mine: boolean): void {
    const side = mine ? 'outgoing' : 'incoming';
    this.f[side] = [...this.f[side].filter((r) => r.id !== request.id), request];
    this.touch();
  }

  /** Drops the requests `drop` picks, on both sides. */
  dropRequests(drop: (request: FriendRequest) => boolean): void {
    this.f.incoming = this.f.incoming.filter((r) => !drop(r));
    this.f.outgoing = this.f.outgoing.filter((r) => !drop(r));
    this.touch();
  }
}

/** Raises the room's known last seq to the highest one held. */
function bumpLastSeq(state: RoomState): void {
  state.summary.lastSeq = Math.max(state.summary.lastSeq, lastSeqOf(state.messages));
}
