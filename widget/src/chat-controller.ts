/**
 * The `ReactiveController` that owns the chat session for `<stock-chat>`: the
 * socket (through `ChatConnection`), the REST client, the outbox and the one
 * state object (`ChatState`). Helpers — `Messages`, `Friends`, `RoomSync`, the
 * server event handlers — get narrow interfaces to what they need; the element
 * reads `state` and calls the action methods here. It never touches the socket.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomId } from '../../protocol/wire.js';
import { AckError } from './ack.js';
import { ApiClient } from './api-client.js';
import { ChatConnection } from './chat-connection.js';
import type { ChatSocket } from './chat-connection.js';
import { normalizeTicker } from './cashtags.js';
import { ChatState } from './chat-state.js';
import type { ChatView } from './chat-view.js';
import { Delivery } from './delivery.js';
import { stockChatEvent } from './events.js';
import type { StockChatErrorDetail } from './events.js';
import { Friends } from './friends.js';
import { Messages, announcer } from './messages.js';
import { Moderation } from './moderation.js';
import { Outbox } from './outbox.js';
import { People } from './people.js';
import { unreadByRoom, userFromToken } from './rooms.js';
import { RoomSync } from './room-sync.js';
import { bindServerEvents } from './server-events.js';
import { TypingSender } from './typing.js';
import type { ChatMessage, ShownError } from './types.js';

/** What the element hands the controller; a change of any of these reconnects. */
export interface ChatConfig {
  server: string;
  token: string;
  tokenProvider?: (() => Promise<string> | string) | null;
}

export class ChatController implements ReactiveController {
  private readonly store = new ChatState(() => this.changed());
  private readonly typingSender = new TypingSender((room, typing) =>
    this.socket?.emit('typing', { room, typing }),
  );
  private readonly messages = new Messages({
    state: this.store,
    socket: () => this.socket,
    delivery: () => this.delivery,
    stopTyping: () => this.typingSender.stop(),
    announce: announcer(this.host),
    notify: (detail) => this.host.dispatchEvent(stockChatEvent('stock-chat-notification', detail)),
  });
  private readonly sync = new RoomSync({
    state: this.store,
    socket: () => this.socket,
    api: () => this.api,
    failFrom: (error) => this.failFrom(error),
    receive: (messages) => this.messages.receive(messages, true),
  });
  private readonly social = new Friends({
    state: this.store,
    api: () => this.api,
    fail: (detail) => this.fail(detail),
    reloadRooms: () => this.loadRooms(),
    subscribe: (room) => this.sync.subscribe(room),
    joinRoom: (room) => this.joinRoom(room),
  });
  /** Edit, delete, report, block, and a moderator's mute and ban; views call it directly. */
  readonly moderation = new Moderation({
    state: this.store,
    socket: () => this.socket,
    api: () => this.api,
    failFrom: (error) => this.failFrom(error),
    fail: (detail) => this.fail(detail),
  });
  /** Leave, mute, member lists, unfriend, decline and cancel; views call it directly. */
  readonly people = new People({
    state: this.store,
    socket: () => this.socket,
    api: () => this.api,
    failFrom: (error) => this.failFrom(error),
  });
  private api: ApiClient | null = null;
  private delivery: Delivery | null = null;
  private config: ChatConfig | null = null;
  private connection: ChatConnection | null = null;
  private ready = false;
  private lastUnread = '{}';
  private typingTimer: ReturnType<typeof setInterval> | undefined;
  private prefetchedToken: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Everything the session knows, for rendering; change it through the methods below. */
  get state(): ChatView {
    return this.store;
  }

  private get socket(): ChatSocket | null {
    return this.connection?.socket ?? null;
  }

  hostConnected(): void {
    if (this.config && !this.connection) void this.start(this.config);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Applies server/token settings; reconnects only when they changed. */
  configure(config: ChatConfig): void {
    const same =
      this.config &&
      this.config.server === config.server &&
      this.config.token === config.token &&
      this.config.tokenProvider === config.tokenProvider;
    if (same && this.connection) return;
    this.stop();
    this.config = config;
    if (this.host.isConnected) void this.start(config);
  }

  /** Whether the conversation is on screen, so arriving messages count as read. */
  setVisible(visible: boolean): void {
    this.store.set('visible', visible);
    const room = this.store.activeRoom;
    if (visible && room) this.messages.readIfShown(room);
  }

  // ---- lifecycle ----

  private async start(config: ChatConfig): Promise<void> {
    const { store } = this;
    if (!config.server || (!config.token && !config.tokenProvider)) {
      store.set('status', 'idle');
      return;
    }
    store.set('status', 'connecting');
    const token = await this.getToken().catch(() => '');
    if (this.config !== config) return;
    const me = userFromToken(token);
    store.set('me', me);
    if (!me) {
      store.set('status', 'offline');
      this.fail({ code: 'unauthorized', message: 'The token has no readable subject.' });
      return;
    }
    this.prefetchedToken = token;
    const outbox = new Outbox(localStorage, Outbox.keyFor(config.server, me.id));
    for (const entry of outbox.list()) this.messages.showPending(entry);
    this.api = new ApiClient(config.server, () => this.getToken());
    this.delivery = new Delivery(outbox, () => this.socket, {
      confirmed: (message) => this.messages.receive([message], false),
      stalled: (entry, error) => this.messages.setState(entry, 'failed', error?.message),
      waiting: (entry, retryAt, error) => {
        store.setWaiting(entry.room, entry.clientId, retryAt);
        this.moderation.refused(entry.room, error);
      },
      rejected: (entry, error) => {
        // It can never succeed as it is: the text goes back to the composer with the reason.
        store.dropPending(entry.room, entry.clientId);
        const { rule, limit } = error;
        store.set('refusal', { room: entry.room, text: entry.text, code: error.code, rule, limit });
        this.moderation.refused(entry.room, error);
        this.fail(error);
      },
    });
    this.connection = new ChatConnection(
      config.server,
      () => this.getToken(),
      Boolean(config.tokenProvider),
      {
        status: (status) => store.set('status', status),
        connected: (_socket, first) => void this.onConnected(first),
        error: (detail) => {
          if (detail.code === 'banned')
            this.moderation.refused(this.store.activeRoom ?? '', detail);
          this.fail(detail);
        },
      },
    );
    bindServerEvents(this.connection.socket, {
      state: store,
      receive: (messages) => this.messages.receive(messages, true),
      subscribe: (room) => this.sync.subscribe(room),
      onFriendRequest: (request) => this.social.onRequest(request),
      onFriendUpdate: (event) => this.social.onUpdate(event),
      onMention: ({ room, message }) => {
        // A room this session is subscribed to hears of it by new_message instead.
        if (!store.rooms.has(room)) {
          const detail = { room, message, mention: true };
          this.host.dispatchEvent(stockChatEvent('stock-chat-notification', detail));
        }
      },
    });
    this.typingTimer = setInterval(() => {
      store.expireTyping();
      this.moderation.tick();
    }, 1000);
  }

  private stop(): void {
    this.typingSender.stop();
    // The server ignores what a socket sent just before it closed: read marks held back go first.
    const connection = this.connection;
    void this.messages.flushReads().then(() => connection?.close());
    this.connection = null;
    this.delivery?.stop();
    this.delivery = null;
    clearInterval(this.typingTimer);
  }

  private async getToken(): Promise<string> {
    if (this.prefetchedToken) {
      const token = this.prefetchedToken;
      this.prefetchedToken = null;
      return token;
    }
    const provider = this.config?.tokenProvider;
    return provider ? await provider() : (this.config?.token ?? '');
  }

  private async onConnected(first: boolean): Promise<void> {
    if (first) await this.loadRooms();
    await Promise.all([...this.store.rooms.keys()].map((room) => this.sync.subscribe(room)));
    if (!first) {
      await this.sync.syncLoaded();
      void this.loadRooms();
    }
    if (this.store.activeRoom) await this.openRoom(this.store.activeRoom);
    await this.delivery?.flush();
    const me = this.store.me;
    if (!this.ready && me) {
      this.ready = true;
      this.host.dispatchEvent(stockChatEvent('stock-chat-ready', { user: me }));
    }
  }

  /** Loads the user, the room list and friends over REST. */
  loadRooms(): Promise<void> {
    return this.sync.loadRoomList();
  }

  // ---- rooms and history ----

  /**
   * Joins a room by id or ticker (`tsla`, `$TSLA`) and opens it. Resolves null when it
   * worked, else why not: `bad_request` for no room id, or the server's refusal
   * (a group that does not exist, a DM with a non-friend).
   */
  async joinRoom(input: string): Promise<ShownError | null> {
    const id = input.trim();
    const room = id.startsWith('g:') || id.startsWith('dm:') ? id : normalizeTicker(id);
    if (!room) return 'bad_request';
    const held = this.store.rooms.has(room);
    this.store.ensureRoom(room);
    const refused = await this.sync.subscribe(room);
    if (refused) {
      if (!held) this.store.removeRoom(room);
      return refused;
    }
    await this.openRoom(room);
    return null;
  }

  /**
   * Shows a room: at its first unread message when it has some (loading the page
   * around it), else at the newest. The list marks it read once the newest is in view.
   */
  async openRoom(room: RoomId): Promise<void> {
    const held = this.store.rooms.get(room);
    if (this.store.activeRoom !== room) this.typingSender.stop();
    // Also when opened before the first load (a `room` attribute): unread is known only then.
    const opening = this.store.activeRoom !== room || !held?.loaded;
    if (opening) this.store.placeDivider(room);
    // Not at the newest until the list says so: what arrives meanwhile is not read yet.
    if (opening && held?.dividerSeq) this.store.setViewSeq(room, held.dividerSeq + 1);
    this.store.set('activeRoom', room);
    if (held && opening) await this.sync.loadOpening(room);
  }

  /** Marks a room read without moving its list (the "Mark as read" button). */
  markRead(room: RoomId): void {
    this.messages.markRead(room);
  }

  /** Leaves the conversation view for the room list. */
  closeRoom(): void {
    this.typingSender.stop();
    this.store.set('activeRoom', null);
  }

  /** Loads the page before the oldest message held (scroll-up paging). */
  async loadOlder(room: RoomId): Promise<void> {
    const held = this.store.rooms.get(room);
    if (held && held.hasMore && !held.loadingOlder) await this.sync.loadHistory(room);
  }

  /** Loads the page after the newest message held, when newer ones are not held. */
  async loadNewer(room: RoomId): Promise<void> {
    const held = this.store.rooms.get(room);
    if (held && held.hasNewer && !held.loadingOlder) await this.sync.loadNewer(room);
  }

  /**
   * Makes message `seq` of a room held: when it is not, the room's history is
   * replaced by the page around it (and, without `seq`, by the newest page).
   */
  async reveal(room: RoomId, seq?: number): Promise<void> {
    const held = this.store.rooms.get(room);
    if (!held) return;
    const holds = seq ? held.messages.some((m) => m.seq === seq) : !held.hasNewer;
    if (!holds) await this.sync.loadAround(room, seq);
  }

  /** Where the reader is in a room (0: at the newest), so the memory cap keeps it and reads. */
  setViewSeq(room: RoomId, seq: number): void {
    this.store.setViewSeq(room, seq);
    // Reading to the newest message reads the room.
    if (seq === 0) this.messages.readIfShown(room);
  }

  // ---- messages ----

  /** Sends text to the open room (shown at once as pending), as a reply to `replyTo`. */
  send(text: string, replyTo?: ChatMessage): void {
    this.store.set('refusal', null);
    this.messages.send(text, replyTo);
  }

  /** Sends a failed message again with its original clientId. */
  retry(room: RoomId, clientId: string): void {
    this.messages.retry(room, clientId);
  }

  /** Call on each keystroke in the composer. */
  typing(): void {
    const room = this.store.activeRoom;
    if (room) this.typingSender.input(room);
  }

  /** The composer took the refused text back. */
  clearRefusal(): void {
    this.store.set('refusal', null);
  }

  dismissNotice(): void {
    this.store.set('notice', null);
  }

  // ---- friends and groups ----

  /** Asks a user for a friendship; true when the request went through. */
  requestFriend(to: string): Promise<boolean> {
    return this.social.request(to);
  }

  acceptFriend(requestId: string): Promise<void> {
    return this.social.accept(requestId);
  }

  /** Creates a group with some friends and opens it; false when it failed. */
  createGroup(name: string, members: string[]): Promise<boolean> {
    return this.social.createGroup(name, members);
  }

  // ---- errors and change reports ----

  /** Reports an error to the host page. */
  private fail(detail: StockChatErrorDetail): void {
    this.host.dispatchEvent(stockChatEvent('stock-chat-error', detail));
  }

  /** Reports a failed request (negative ack or timeout) to the host page. */
  private failFrom(error: unknown): void {
    if (error instanceof AckError) this.fail(error.detail);
    else
      this.fail({ code: 'network', message: error instanceof Error ? error.message : 'timeout' });
  }

  /** Re-renders the host and fires `stock-chat-unread-change` when counts moved. */
  private changed(): void {
    this.host.requestUpdate();
    const rooms = unreadByRoom(this.store.rooms);
    const key = JSON.stringify(rooms);
    if (key === this.lastUnread) return;
    this.lastUnread = key;
    this.host.dispatchEvent(
      stockChatEvent('stock-chat-unread-change', { total: this.store.totalUnread, rooms }),
    );
  }
}
