/**
 * The `ReactiveController` that owns the chat session for `<stock-chat>`: the
 * socket (through `ChatConnection`), the room list, unread counts, typing and
 * presence. Messages live in `Messages`, friends and groups in `Friends`. The
 * element renders what it holds and calls its methods; it never touches the
 * socket itself.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  Friend,
  Message,
  NoticeEvent,
  PresenceStatus,
  RoomId,
  RoomSummary,
  User,
} from '../../server/protocol.js';
import { AckError } from './ack.js';
import { ApiClient } from './api-client.js';
import { ChatConnection } from './chat-connection.js';
import type { ChatSocket } from './chat-connection.js';
import { normalizeTicker } from './cashtags.js';
import { Delivery } from './delivery.js';
import { stockChatEvent } from './events.js';
import type { StockChatErrorDetail } from './events.js';
import { Friends } from './friends.js';
import { Messages } from './messages.js';
import { Outbox } from './outbox.js';
import { bareSummary, newRoomState, unreadByRoom, userFromToken } from './rooms.js';
import { lastSeqOf } from './timeline.js';
import { loadHistory, loadRoomList, subscribe, syncLoaded } from './room-sync.js';
import { bindServerEvents } from './server-events.js';
import { TypingSender, expireTyping } from './typing.js';
import type { ConnectionStatus, RoomState } from './types.js';

/** What the element hands the controller; a change of any of these reconnects. */
export interface ChatConfig {
  server: string;
  token: string;
  tokenProvider?: (() => Promise<string> | string) | null;
}

export class ChatController implements ReactiveController {
  status: ConnectionStatus = 'idle';
  me: User | null = null;
  readonly rooms = new Map<RoomId, RoomState>();
  readonly friends = new Map<string, Friend>();
  /** Presence events as they arrive, so a slower REST answer cannot overwrite them. */
  readonly presence = new Map<string, { status: PresenceStatus; lastSeen: string; at: number }>();
  activeRoom: RoomId | null = null;
  /** Why the room list could not load, if it could not. */
  loadError: string | null = null;
  notice: NoticeEvent | null = null;
  /** The last incoming message, for the element's live region. */
  lastIncoming: Message | null = null;

  /** Sending, receiving and read marks. */
  readonly messages: Messages;
  /** Friend requests and new groups. */
  readonly social = new Friends(this);
  /** The REST client, once a session has started. */
  api: ApiClient | null = null;
  /** Delivers outbox entries over the socket, once a session has started. */
  delivery: Delivery | null = null;
  readonly typingSender = new TypingSender((room, typing) =>
    this.socket?.emit('typing', { room, typing }),
  );
  /** Whether the conversation is on screen (see `setVisible`). */
  visible = false;

  private config: ChatConfig | null = null;
  private connection: ChatConnection | null = null;
  private ready = false;
  private lastUnread = '{}';
  private typingTimer: ReturnType<typeof setInterval> | undefined;
  private prefetchedToken: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    this.messages = new Messages(this, host);
  }

  get socket(): ChatSocket | null {
    return this.connection?.socket ?? null;
  }

  /** Unread messages over all rooms. */
  get totalUnread(): number {
    let total = 0;
    for (const room of this.rooms.values()) total += room.summary.unread;
    return total;
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
    this.visible = visible;
    if (visible && this.activeRoom) this.messages.markRead(this.activeRoom);
  }

  // ---- lifecycle ----

  private async start(config: ChatConfig): Promise<void> {
    if (!config.server || (!config.token && !config.tokenProvider)) {
      this.setStatus('idle');
      return;
    }
    this.setStatus('connecting');
    const token = await this.getToken().catch(() => '');
    if (this.config !== config) return;
    this.me = userFromToken(token);
    if (!this.me) {
      this.setStatus('offline');
      this.fail({ code: 'unauthorized', message: 'The token has no readable subject.' });
      return;
    }
    this.prefetchedToken = token;
    const outbox = new Outbox(localStorage, Outbox.keyFor(config.server, this.me.id));
    for (const entry of outbox.list()) this.messages.showPending(entry);
    this.api = new ApiClient(config.server, () => this.getToken());
    this.delivery = new Delivery(outbox, () => this.socket, {
      confirmed: (message) => this.messages.receive([message], false),
      stalled: (entry) => this.messages.setState(entry, 'failed'),
      rejected: (entry, error) => {
        this.messages.setState(entry, 'failed', error.message);
        this.fail(error);
      },
    });
    this.connection = new ChatConnection(
      config.server,
      () => this.getToken(),
      Boolean(config.tokenProvider),
      {
        status: (status) => this.setStatus(status),
        connected: (socket, first) => void this.onConnected(socket, first),
        error: (detail) => this.fail(detail),
      },
    );
    bindServerEvents(this.connection.socket, this);
    this.typingTimer = setInterval(() => {
      if (expireTyping(this.rooms.values())) this.changed();
    }, 1000);
  }

  private stop(): void {
    this.typingSender.stop();
    this.connection?.close();
    this.connection = null;
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

  private async onConnected(socket: ChatSocket, first: boolean): Promise<void> {
    if (first) await this.loadRooms();
    await Promise.all([...this.rooms.keys()].map((room) => subscribe(this, socket, room)));
    if (!first) {
      await syncLoaded(this);
      void this.loadRooms();
    }
    if (this.activeRoom) await this.openRoom(this.activeRoom);
    await this.delivery?.flush();
    if (!this.ready && this.me) {
      this.ready = true;
      this.host.dispatchEvent(stockChatEvent('stock-chat-ready', { user: this.me }));
    }
  }

  /** Loads the user, the room list and friends over REST. */
  async loadRooms(): Promise<void> {
    await loadRoomList(this);
  }

  // ---- rooms and history ----

  /** Joins a room by id or ticker (`tsla`, `$TSLA`) and opens it; false if invalid. */
  async joinRoom(input: string): Promise<boolean> {
    const room = input.startsWith('g:') || input.startsWith('dm:') ? input : normalizeTicker(input);
    if (!room) return false;
    if (!this.rooms.has(room)) this.upsertRoom(bareSummary(room));
    const socket = this.socket;
    if (socket?.connected) await subscribe(this, socket, room);
    await this.openRoom(room);
    return true;
  }

  /** Shows a room: loads its first history page and marks it read. */
  async openRoom(room: RoomId): Promise<void> {
    if (this.activeRoom !== room) this.typingSender.stop();
    this.activeRoom = room;
    this.changed();
    const state = this.rooms.get(room);
    if (state && !state.loaded && this.socket?.connected) await loadHistory(this, state);
    if (this.visible) this.messages.markRead(room);
  }

  /** Leaves the conversation view for the room list. */
  closeRoom(): void {
    this.typingSender.stop();
    this.activeRoom = null;
    this.changed();
  }

  /** Loads the page before the oldest message held (scroll-up paging). */
  async loadOlder(room: RoomId): Promise<void> {
    const state = this.rooms.get(room);
    if (state && state.hasMore && !state.loadingOlder) await loadHistory(this, state);
  }

  upsertRoom(summary: RoomSummary): RoomState {
    const held = this.rooms.get(summary.id);
    if (!held) {
      const state = newRoomState(summary);
      this.rooms.set(summary.id, state);
      return state;
    }
    held.summary = { ...held.summary, ...summary, peer: summary.peer ?? held.summary.peer };
    held.peerReadSeq = Math.max(held.peerReadSeq, summary.peerReadSeq ?? 0);
    this.bumpLastSeq(held);
    return held;
  }

  removeRoom(room: RoomId): void {
    this.rooms.delete(room);
    if (this.activeRoom === room) this.activeRoom = null;
    this.changed();
  }

  /** Call on each keystroke in the composer. */
  typing(): void {
    if (this.activeRoom) this.typingSender.input(this.activeRoom);
  }

  /** Raises the room's known last seq to the highest one held. */
  bumpLastSeq(state: RoomState): void {
    state.summary.lastSeq = Math.max(state.summary.lastSeq, lastSeqOf(state.messages));
  }

  // ---- typing, status, errors ----

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.changed();
  }

  /** Reports an error to the host page. */
  fail(detail: StockChatErrorDetail): void {
    this.host.dispatchEvent(stockChatEvent('stock-chat-error', detail));
  }

  /** Reports a failed request (negative ack or timeout) to the host page. */
  failFrom(error: unknown): void {
    if (error instanceof AckError) this.fail(error.detail);
    else
      this.fail({ code: 'network', message: error instanceof Error ? error.message : 'timeout' });
  }

  /** Re-renders the host and fires `stock-chat-unread-change` when counts moved. */
  changed(): void {
    this.host.requestUpdate();
    const rooms = unreadByRoom(this.rooms);
    const key = JSON.stringify(rooms);
    if (key === this.lastUnread) return;
    this.lastUnread = key;
    this.host.dispatchEvent(
      stockChatEvent('stock-chat-unread-change', { total: this.totalUnread, rooms }),
    );
  }
}
