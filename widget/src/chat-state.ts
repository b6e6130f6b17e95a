/**
 * The widget's state in one object: connection status, the signed-in user,
 * rooms with their timelines (the half in `ChatRooms`, chat-rooms.ts, which
 * this extends), room rules, members and quotes, friends, requests and
 * presence. `ChatController` owns it; helpers change it only through the named
 * methods here and in `ChatRooms`, and views read it through `ChatView`. Each
 * change schedules one `onChange` per microtask, so a burst of changes
 * re-renders (and reports unread counts) once.
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
  User,
  UserRef,
} from '../../protocol/wire.js';
import { ChatRooms } from './chat-rooms.js';
import type { FriendsOutcome, FriendList, RoomRules, MessageMenu, ChatView } from './chat-view.js';
import type { ConnectionStatus, Refusal, ShownError } from './types.js';

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
  blocked: readonly User[] | null;
}

export class ChatState extends ChatRooms implements ChatView {
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
    blocked: null,
  };
  private readonly rulesMap = new Map<RoomId, RoomRules>();
  private readonly friendMap = new Map<string, Friend>();
  private readonly memberMap = new Map<RoomId, readonly Member[]>();
  private readonly quoteMap = new Map<string, Quote>();
  /** Presence events as they arrive, so a slower REST answer cannot overwrite them. */
  private readonly presence = new Map<string, Presence>();

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
  get blocked(): readonly User[] | null {
    return this.f.blocked;
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

  /** Sets one of the plain top-level fields (status, user, open room, notices…). */
  set<K extends keyof Fields>(key: K, value: Fields[K]): void {
    if (this.f[key] === value) return;
    this.f[key] = value;
    this.touch();
  }

  /** Drops a room (and closes it, if it was open). */
  removeRoom(room: RoomId): void {
    this.roomMap.delete(room);
    if (this.f.activeRoom === room) this.f.activeRoom = null;
    this.touch();
  }

  // ---- presence, friends and requests ----

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
