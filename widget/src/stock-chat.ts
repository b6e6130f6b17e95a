import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChatController } from './chat-controller.js';
import { resolveLocale, translator } from './i18n/index.js';
import type { Translate } from './i18n/index.js';
import { styles } from './stock-chat.styles.js';
import { contentStyles } from './stock-chat-content.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ChatMessage, ConnectionStatus } from './types.js';
import { renderConversation } from './views/conversation.js';
import { renderRoomList } from './views/room-list.js';
import type { StatusKey } from './views/status.js';
import { STATUS_KEYS } from './views/status.js';

/** A function the widget calls for a fresh token on every (re)connect. */
export type TokenProvider = () => Promise<string> | string;

/**
 * `<stock-chat>`: the embeddable chat widget. One script tag and one element
 * on any host page; Shadow DOM keeps the page's CSS out.
 *
 * @summary Real-time chat for ticker rooms, groups and friends' DMs.
 *
 * @fires stock-chat-ready - Connected and the room list is loaded. `detail: { user }`.
 * @fires stock-chat-message - A new message: live, by sync, or an own send confirmed. `detail: { message, own }`.
 * @fires stock-chat-unread-change - Unread counts changed. `detail: { total, rooms }`.
 * @fires stock-chat-error - Something failed (handshake, send, load). `detail: { code, message }`.
 *
 * @csspart launcher - The floating button in launcher mode.
 * @csspart badge - The total unread badge on the launcher.
 * @csspart panel - The chat panel.
 * @csspart header - The panel header with title, status and close button.
 * @csspart status - The connection status chip.
 * @csspart close - The close button in launcher mode.
 * @csspart notice - An operator notice banner.
 * @csspart room-list - The room list navigation.
 * @csspart join - The join-a-ticker form; `join-input` and `join-button` inside it.
 * @csspart room - A room button; `room-active` is added for the open room.
 * @csspart unread - A room's unread badge.
 * @csspart presence - A friend's presence dot, with `presence-online` or `presence-offline`.
 * @csspart friends - The friends section of the room list.
 * @csspart add-friend - The add-a-friend form; `add-friend-input` and `add-friend-button` inside it.
 * @csspart add-friend-outcome - The result of the last friend request: sent, or why not.
 * @csspart friend-request - A pending request; `friend-request-outgoing` is added for sent ones.
 * @csspart accept - The button that accepts an incoming friend request.
 * @csspart decline - The button that declines an incoming friend request.
 * @csspart cancel-request - The button that withdraws a sent friend request.
 * @csspart friend - A friend in the friends list; `unfriend` is its remove button.
 * @csspart unfriend - The button that ends a friendship.
 * @csspart leave - The button that leaves a ticker room (it leaves the list on every tab).
 * @csspart muted-mark - The "Muted" mark of a room the user muted (its unread badge is hidden).
 * @csspart member-count - A ticker room's member and online counts, or a group's member count.
 * @csspart members - A group's member list disclosure; each `member` has a `presence` dot.
 * @csspart member - A member of a group in its member list.
 * @csspart mute-toggle - The Mute / Unmute button of the open room (`aria-pressed`).
 * @csspart new-group - The new-group disclosure; `new-group-toggle` is its summary.
 * @csspart group-name - The new group's name input.
 * @csspart group-members - The friends to pick as members of the new group.
 * @csspart group-create - The button that creates the group.
 * @csspart conversation - The open room.
 * @csspart back - The back-to-rooms button on narrow layouts.
 * @csspart messages - The message list.
 * @csspart load-older - The button that loads older history.
 * @csspart message - A message; `message-own` is added for the user's own.
 * @csspart sender - The sender's name in a message.
 * @csspart time - A message's timestamp.
 * @csspart message-text - The message text.
 * @csspart cashtag - A cashtag chip that opens its room.
 * @csspart message-state - Sending / Sent / Seen / Not sent line of own messages.
 * @csspart retry - The retry button of a failed message.
 * @csspart tombstone - Added to `message-text` of a deleted message ("Message deleted by …").
 * @csspart edited - The "(edited)" mark of an edited message.
 * @csspart message-actions-toggle - The ⋯ button that opens a message's actions.
 * @csspart message-menu - A message's actions; each button is `message-action` plus `action-edit`, `action-delete`, `action-report`, `action-block`, `action-mute` or `action-ban`.
 * @csspart message-editor - The inline editor of an own message; `edit-input` and `edit-save` inside it.
 * @csspart message-confirm - The delete confirmation; `confirm-delete` is its button.
 * @csspart report-picker - The report reason picker; each reason is a `report-reason` button.
 * @csspart report-thanks - The thank-you line after a report.
 * @csspart composer-note - Why the composer cannot post now (muted, banned, read-only, slow mode), with the time left.
 * @csspart typing - The "… is typing" line.
 * @csspart composer - The message form; `input` and `send` inside it.
 * @csspart input - The message textarea.
 * @csspart send - The send button.
 * @csspart empty - Empty-state text.
 * @csspart error - Error-state block.
 *
 * @cssproperty [--stock-chat-accent=#2563eb] - Buttons, badges, links.
 * @cssproperty [--stock-chat-accent-contrast=#ffffff] - Text on the accent colour.
 * @cssproperty [--stock-chat-bg=#ffffff] - Panel background.
 * @cssproperty [--stock-chat-surface=#f3f4f6] - Buttons and the active room.
 * @cssproperty [--stock-chat-fg=#111827] - Text colour.
 * @cssproperty [--stock-chat-muted=#4b5563] - Secondary text.
 * @cssproperty [--stock-chat-border=#d1d5db] - Borders.
 * @cssproperty [--stock-chat-own-bubble=#dbeafe] - Own message background.
 * @cssproperty [--stock-chat-other-bubble=#f3f4f6] - Others' message background.
 * @cssproperty [--stock-chat-online=#15803d] - Online presence and status.
 * @cssproperty [--stock-chat-danger=#b91c1c] - Errors, failed messages, the launcher badge.
 * @cssproperty [--stock-chat-focus-ring=#f59e0b] - Keyboard focus outline.
 * @cssproperty [--stock-chat-radius=12px] - Panel and bubble corner radius.
 * @cssproperty [--stock-chat-font-family=system-ui] - Font stack.
 * @cssproperty [--stock-chat-font-size=14px] - Base font size.
 * @cssproperty [--stock-chat-width=380px] - Panel width in launcher mode.
 * @cssproperty [--stock-chat-height=560px] - Panel height (launcher) or element height (inline).
 * @cssproperty [--stock-chat-z-index=2147483000] - Stacking of the launcher and panel.
 * @cssproperty [--stock-chat-offset=20px] - Launcher distance from the viewport corner.
 */
@customElement('stock-chat')
export class StockChat extends LitElement {
  static override styles = [styles, contentStyles, moderationStyles];

  /** Base URL of the chat server, e.g. `https://chat.example.com`. */
  @property() server = '';
  /** A JWT for the signed-in user; ignored when `tokenProvider` is set. */
  @property() token = '';
  /** Called for a fresh token on every (re)connect, so expiry needs no reload. */
  @property({ attribute: false }) tokenProvider: TokenProvider | null = null;
  /** `launcher`: a floating button that opens a panel; `inline`: fills the element. */
  @property({ reflect: true }) mode: 'launcher' | 'inline' = 'launcher';
  /** `light`, `dark`, or `auto` to follow the system. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** UI language, e.g. `en` or `zh-Hant`; unknown ones fall back to English. */
  @property() locale = 'en';
  /** A room to open once connected, e.g. `$AAPL`. */
  @property() room = '';
  /** Panel title; defaults to the localised "Chat". */
  @property() heading = '';
  /** Whether the panel is open in launcher mode. */
  @property({ type: Boolean, reflect: true }) opened = false;

  @state() private joinError = false;

  @query('.messages') private messageList?: HTMLElement;
  @query('#composer-input') private composer?: HTMLTextAreaElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  private readonly chat = new ChatController(this);
  private scrollMemo: {
    room: string | null;
    height: number;
    top: number;
    atBottom: boolean;
  } | null = null;

  /** The connection state the status chip shows. */
  get status(): ConnectionStatus {
    return this.chat.state.status;
  }

  /** Unread messages over all rooms. */
  get unreadCount(): number {
    return this.chat.state.totalUnread;
  }

  /** Opens the panel (launcher mode) and focuses it. */
  open(): void {
    this.opened = true;
  }

  /** Closes the panel (launcher mode). */
  close(): void {
    this.opened = false;
  }

  /** Joins a room (`$TSLA`, `tsla`, `g:…`, `dm:…`) and opens it; false if the id is invalid. */
  async joinRoom(room: string): Promise<boolean> {
    if (this.mode === 'launcher') this.opened = true;
    return this.chat.joinRoom(room);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token') || changed.has('tokenProvider')) {
      this.chat.configure({
        server: this.server,
        token: this.token,
        tokenProvider: this.tokenProvider,
      });
    }
    if (changed.has('room') && this.room) void this.chat.joinRoom(this.room);
    if (changed.has('opened') || changed.has('mode')) {
      this.chat.setVisible(this.mode === 'inline' || this.opened);
    }
    const list = this.messageList;
    this.scrollMemo = list
      ? {
          room: this.chat.state.activeRoom,
          height: list.scrollHeight,
          top: list.scrollTop,
          atBottom: list.scrollHeight - list.scrollTop - list.clientHeight < 40,
        }
      : null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const list = this.messageList;
    const memo = this.scrollMemo;
    if (list) {
      if (!memo || memo.room !== this.chat.state.activeRoom || memo.atBottom) {
        list.scrollTop = list.scrollHeight;
      } else if (list.scrollHeight !== memo.height && memo.top < 60) {
        // Older history was prepended: keep the message that was in view in place.
        list.scrollTop = list.scrollHeight - memo.height + memo.top;
      }
    }
    if (changed.has('opened') && this.mode === 'launcher') {
      if (this.opened)
        (this.composer ?? this.renderRoot.querySelector<HTMLElement>('#join-input'))?.focus();
      else if (changed.get('opened')) this.launcherButton?.focus();
    }
  }

  private toggle = (): void => {
    this.opened = !this.opened;
  };

  private onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode === 'launcher') {
      event.stopPropagation();
      this.close();
    }
  };

  private onJoin = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('room');
    if (!(input instanceof HTMLInputElement)) return;
    const ok = await this.chat.joinRoom(input.value);
    this.joinError = !ok;
    if (ok) {
      input.value = '';
      await this.updateComplete;
      this.composer?.focus();
    }
  };

  private openRoom = async (room: string): Promise<void> => {
    await this.chat.openRoom(room);
    await this.updateComplete;
    this.composer?.focus();
  };

  private onComposerKeydown = (event: KeyboardEvent): void => {
    // Enter sends, Shift+Enter is a newline, and Enter that ends an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.sendFromComposer();
  };

  private onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.sendFromComposer();
  };

  private sendFromComposer(): void {
    const composer = this.composer;
    if (!composer || !composer.value.trim()) return;
    this.chat.send(composer.value);
    composer.value = '';
    composer.focus();
  }

  private onScroll = (event: Event): void => {
    const list = event.currentTarget as HTMLElement;
    const room = this.chat.state.activeRoom;
    if (list.scrollTop < 48 && room) void this.chat.loadOlder(room);
  };

  private dismissNotice = (): void => this.chat.dismissNotice();

  private retry = (message: ChatMessage): void => this.chat.retry(message.room, message.clientId);

  private renderNotice(t: Translate): unknown {
    const notice = this.chat.state.notice;
    if (!notice) return nothing;
    return html`<p part="notice" class="notice" role="status">
      <span>${notice.text}</span>
      <button part="dismiss" class="link" aria-label=${t('dismiss')} @click=${this.dismissNotice}>
        ×
      </button>
    </p>`;
  }

  override render(): unknown {
    const locale = resolveLocale(this.locale);
    const t = translator(locale);
    const launcher = this.mode === 'launcher';
    const view = this.chat.state;
    const unread = view.totalUnread;
    const statusKey: StatusKey = STATUS_KEYS[view.status];
    const incoming = view.lastIncoming;
    return html`<div class="root ${launcher ? 'launcher-mode' : 'inline-mode'}" lang=${locale}>
      ${
        launcher
          ? html`<button
              part="launcher"
              class="launcher"
              aria-expanded=${this.opened ? 'true' : 'false'}
              aria-controls="panel"
              aria-label=${
                unread > 0
                  ? `${t('openChat')}, ${t('unreadBadge', { count: unread })}`
                  : t('openChat')
              }
              @click=${this.toggle}
            >
              <svg
                viewBox="0 0 24 24"
                width="26"
                height="26"
                aria-hidden="true"
                fill="currentColor"
              >
                <path
                  d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
                />
              </svg>
              ${
                unread > 0
                  ? html`<span part="badge" class="badge" aria-hidden="true"
                      >${unread > 99 ? '99+' : unread}</span
                    >`
                  : nothing
              }
            </button>`
          : nothing
      }
      <section
        id="panel"
        part="panel"
        class="panel"
        role=${launcher ? 'dialog' : 'region'}
        aria-label=${this.heading || t('title')}
        ?hidden=${launcher && !this.opened}
        @keydown=${this.onPanelKeydown}
      >
        <header part="header">
          <h2>${this.heading || t('title')}</h2>
          <span part="status" class="status ${view.status}" data-status=${view.status}
            >${t(statusKey)}</span
          >
          ${
            launcher
              ? html`<button
                  part="close"
                  class="icon"
                  aria-label=${t('closeChat')}
                  @click=${this.close}
                >
                  ×
                </button>`
              : nothing
          }
        </header>
        ${this.renderNotice(t)}
        <div class="body ${view.activeRoom ? 'has-room' : ''}">
          ${renderRoomList({
            view,
            t,
            locale,
            joinError: this.joinError,
            onJoin: this.onJoin,
            onOpen: this.openRoom,
            onRetryLoad: () => void this.chat.loadRooms(),
            onAddFriend: (to) => this.chat.requestFriend(to),
            onAccept: (id) => void this.chat.acceptFriend(id),
            people: this.chat.people,
            onCreateGroup: (name, members) => this.chat.createGroup(name, members),
          })}
          ${renderConversation({
            view,
            t,
            locale,
            onBack: () => this.chat.closeRoom(),
            onScroll: this.onScroll,
            onLoadOlder: () => view.activeRoom && void this.chat.loadOlder(view.activeRoom),
            onKeydown: this.onComposerKeydown,
            onInput: () => this.chat.typing(),
            onSubmit: this.onSubmit,
            onCashtag: (room) => void this.joinRoom(room),
            onRetry: this.retry,
            moderation: this.chat.moderation,
            people: this.chat.people,
          })}
        </div>
        <div class="sr-only" role="status" aria-live="polite">
          ${incoming ? t('newMessage', { name: incoming.sender.name, text: incoming.text }) : ''}
        </div>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stock-chat': StockChat;
  }
}
