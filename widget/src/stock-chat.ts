import { LitElement, html } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChatController } from './chat-controller.js';
import { RedrawClock } from './clock.js';
import { LazyRedraw } from './lazy.js';
import { Composer } from './composer-state.js';
import { addEnglish, errorKey, loadLocale, resolveLocale, translator } from './i18n/index.js';
import type { StringKey } from './i18n/index.js';
import type { ListFocus } from './list-focus.js';
import { ListScroll } from './list-scroll.js';
import { openRoomState } from './rooms.js';
import { styles } from './stock-chat.styles.js';
import { contentStyles } from './stock-chat-content.styles.js';
import { roomListStyles } from './stock-chat-rooms.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ConnectionStatus, ShownError } from './types.js';
import { renderConversation } from './views/conversation.js';
import { renderFrame } from './views/frame.js';
import { renderRoomList } from './views/room-list.js';
import { ShownStatus } from './views/status.js';

/** A function the widget calls for a fresh token on every (re)connect. */
export type TokenProvider = () => Promise<string> | string;

/** The `notify` title badge, from a chunk only pages that opt in fetch. */
const badge = async (count: number) => (await import('./notifier.js')).setTitleBadge(count);

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
 * @fires stock-chat-notification - A message arrived in a room not on screen (never for muted rooms), for the host to badge, sound or notify. `detail: { room, message, mention }`.
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
 * @csspart mention-count - A room's count of unread messages that mention the user (apart from `unread`).
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
 * @csspart sender-badge - "Bot" or "System" after the name of a sender the host platform posts as; `sender-bot` or `sender-system` is added.
 * @csspart time - A message's timestamp.
 * @csspart message-text - The message text.
 * @csspart link - An http(s) link in a message (opens in a new tab; long ones shortened on screen).
 * @csspart mention - An `@id` mention in a message; `message-mention` is added to a message that mentions the user.
 * @csspart avatar - A person's avatar (message senders, group members, friends): the https image of their token's `avatar` claim, or initials.
 * @csspart reply-button - The button that answers a message.
 * @csspart react-button - The ☺ button that opens a message's `reaction-picker`.
 * @csspart reaction-picker - The fixed reaction set (👍 👎 🚀 🐂 🐻 😂 ❤️ 👀); each is a `reaction-option` button, `aria-pressed` when chosen; Escape closes it.
 * @csspart reactions - A message's reactions with their counts.
 * @csspart reaction - One reaction and its count; `aria-pressed` when it is the user's, pressing it adds or takes it back.
 * @csspart reply-quote - The quote of the message a reply answers; clicking it shows the original.
 * @csspart day-separator - The Today / Yesterday / date line between days.
 * @csspart unread-divider - The line before the first unread message when a room opens.
 * @csspart new-messages - The button shown away from the newest message that scrolls there: "N new messages" when some are unread below, else "Jump to latest".
 * @csspart mark-read - The "Mark as read" button beside it while the room has unread messages: marks the room read without scrolling.
 * @csspart mention-list - The `@` suggestions above the composer (a listbox the composer completes from).
 * @csspart mention-option - One suggestion; `aria-selected` on the one the arrow keys are on.
 * @csspart char-count - Characters left, shown near the limit (negative past it).
 * @csspart composer-error - Why a message was not sent; its text stays in the composer.
 * @csspart cashtag - A cashtag chip that previews its room (`cashtag-card`); `cashtag-quote` inside it is the symbol's live change in %.
 * @csspart cashtag-card - A cashtag's room preview (a popover beside the chip): name, quote and counts when known; Escape or a click outside closes it.
 * @csspart cashtag-join - The preview's Join button (Open, for a room the user is in).
 * @csspart quote - A ticker room's live quote in its header (price, change, %, time, in the widget's locale); `quote-up`, `quote-down` or `quote-flat` is added, or `quote-stale` (muted) once it is over a trading day old.
 * @csspart cashtag-quote - The live change in % on a cashtag chip.
 * @csspart join-input - The room list's field for a ticker or room id to join.
 * @csspart join-button - Its Join button.
 * @csspart dismiss - The button that dismisses the operator's notice.
 * @csspart reaction-option - One reaction in the `reaction-picker`; `aria-pressed` when chosen.
 * @csspart edit-input - The editor's text field in a message's menu.
 * @csspart edit-save - The editor's Save button.
 * @csspart confirm-delete - The button that confirms deleting a message.
 * @csspart report-reason - One reason to pick when reporting a message.
 * @csspart dialog-confirm - The confirming button of a block, mute or ban dialog.
 * @csspart dialog-cancel - Its Cancel button (Escape cancels too).
 * @csspart sanction-length - One length to pick in the mute or ban dialog (1 h, 24 h, 7 d, permanent).
 * @csspart sanction-reason - The optional reason in the mute or ban dialog.
 * @csspart add-friend-input - The friends panel's field for a user id to befriend.
 * @csspart add-friend-button - Its button that sends the friend request.
 * @csspart friend-request-outgoing - A friend request the user sent and is waiting on.
 * @csspart new-group-toggle - The button that shows the new-group form.
 * @csspart blocked-users-toggle - The button that shows the blocked users.
 * @csspart blocked-user - One blocked user in that list.
 * @csspart unblock - The button that unblocks them at once.
 * @csspart message-state - Sending / Sent / Seen / Not sent line of own messages.
 * @csspart retry - The retry button of a failed message.
 * @csspart tombstone - Added to `message-text` of a deleted message ("Message deleted by …").
 * @csspart edited - The "(edited)" mark of an edited message.
 * @csspart message-actions-toggle - The ⋯ button that opens a message's actions.
 * @csspart message-menu - A message's actions; each button is `message-action` plus `action-edit`, `action-delete`, `action-report`, `action-block`, `action-mute` or `action-ban`.
 * @csspart message-action - Each button of a message's actions, with one of the six below.
 * @csspart action-edit - Edit (own messages, within the edit window).
 * @csspart action-delete - Delete (own messages, or any for a moderator).
 * @csspart action-report - Report.
 * @csspart action-block - Block the sender (asks first).
 * @csspart action-mute - Mute the sender (moderators; asks for a length and reason).
 * @csspart action-ban - Ban the sender (moderators, ticker rooms; asks for a length and reason).
 * @csspart message-editor - The inline editor of an own message; `edit-input` and `edit-save` inside it.
 * @csspart message-confirm - The delete confirmation; `confirm-delete` is its button.
 * @csspart report-picker - The report reason picker; each reason is a `report-reason` button.
 * @csspart report-thanks - The thank-you line after a report.
 * @csspart block-dialog - The modal confirmation before blocking someone, saying what a block hides; `dialog-cancel` and `dialog-confirm` are its buttons.
 * @csspart sanction-dialog - A moderator's mute or ban confirmation: `sanction-length` (1 hour, 24 hours, 7 days, permanent), `sanction-reason`, `dialog-cancel` and `dialog-confirm`.
 * @csspart blocked-users - The blocked-users disclosure of the friends section (`blocked-users-toggle` is its summary); each `blocked-user` has an `unblock` button.
 * @csspart composer-note - Why the composer cannot post now (muted, banned, read-only, slow mode), with the time left (a mute of a day or more: its end; a permanent one: until lifted).
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
 * @cssproperty [--stock-chat-up=var(--stock-chat-online)] - A rising live quote (set it to red where red means up).
 * @cssproperty [--stock-chat-down=var(--stock-chat-danger)] - A falling live quote.
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
  static override styles = [styles, roomListStyles, contentStyles, moderationStyles];

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
  /** Opt-in: badge the page title with the unread count and play a short tone for new messages. */
  @property({ type: Boolean }) notify = false;
  /** The longest message the composer sends; longer text is refused with the reason, never cut. */
  @property({ type: Number, attribute: 'max-length' }) maxLength = 4000;

  @state() private joinError: ShownError | null = null;

  @query('#composer-input') private composer?: HTMLTextAreaElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  private readonly chat = new ChatController(this);
  private readonly draft = new Composer(() => this.requestUpdate());
  private readonly list = new ListScroll({
    view: this.chat.state,
    root: () => this.renderRoot,
    drawn: () => this.updateComplete,
    update: () => this.requestUpdate(),
    loadOlder: (room) => this.chat.loadOlder(room),
    loadNewer: (room) => this.chat.loadNewer(room),
    reveal: (room, seq) => this.chat.reveal(room, seq),
    viewAt: (room, seq) => this.chat.setViewSeq(room, seq),
    markRead: (room) => this.chat.markRead(room),
  });
  /** The list's keyboard and roving focus, loaded when focus first enters the list. */
  private listFocus: ListFocus | null = null;
  /** Redraws relative times and send countdowns without new events. */
  private readonly clock = new RedrawClock(this, () =>
    Boolean(openRoomState(this.chat.state)?.messages.some((m) => m.retryAt)),
  );
  /** What the status chip shows: a reconnect within a second never flickers it. */
  private readonly shownStatus = new ShownStatus(() => this.requestUpdate());
  /** Redraws when a part loaded on first use (a message's menu) arrives. */
  private readonly lazyParts = new LazyRedraw(this, () => this.list.redraw());

  constructor() {
    super();
    this.addEventListener('stock-chat-notification', () => {
      if (this.notify) void import('./notifier.js').then((n) => n.beep());
    });
    this.addEventListener('stock-chat-unread-change', (event) => {
      if (this.notify) void badge(event.detail.total);
    });
  }

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

  /**
   * Joins a room (`$TSLA`, `tsla`, `g:…`, `dm:…`) and opens it; false when the id is
   * invalid or the server refuses it (a group that does not exist, a DM with a non-friend).
   */
  async joinRoom(room: string): Promise<boolean> {
    if (this.mode === 'launcher') this.opened = true;
    return (await this.chat.joinRoom(room)) === null;
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
    if (changed.has('locale')) void loadLocale(this.locale).then(() => this.requestUpdate());
    if (changed.has('opened') || changed.has('mode')) {
      this.chat.setVisible(this.mode === 'inline' || this.opened);
    }
    if (changed.has('notify') && this.notify) void badge(this.chat.state.totalUnread);
    if (changed.has('notify') && !this.notify && changed.get('notify')) void badge(0);
    this.draft.maxLength = this.maxLength;
    this.takeBackRefusal();
    this.list.before();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.list.after();
    const { me, activeRoom } = this.chat.state;
    // Each room's draft, kept per chat server and user, fills the composer when the room opens.
    if (this.composer && me)
      this.draft.follow(this.composer, `stock-chat-draft ${this.server} ${me.id} ${activeRoom}`);
    this.listFocus?.after();
    if (changed.has('opened') && this.mode === 'launcher') {
      if (this.opened)
        (this.composer ?? this.renderRoot.querySelector<HTMLElement>('#join-input'))?.focus();
      else if (changed.get('opened')) this.launcherButton?.focus();
    }
  }

  private toggle = (): void => {
    this.opened = !this.opened;
  };

  /** A send the server refused for good: its text goes back to the composer, with the reason. */
  private takeBackRefusal(): void {
    const refusal = this.chat.state.refusal;
    const composer = this.composer;
    if (!refusal || refusal.room !== this.chat.state.activeRoom || !composer) return;
    this.chat.clearRefusal();
    const say = (why: string) => this.draft.takeBack(composer, refusal.text, why);
    const { rule, limit = 0 } = refusal;
    if (refusal.code !== 'spam' || !rule)
      return say(translator(this.locale)(errorKey(refusal.code)));
    // Each rule's own sentence travels in a small chunk, fetched with the first such refusal.
    import('./i18n/en-refusals.js').then(
      ({ enRefusals, ruleKey }) => {
        addEnglish(enRefusals);
        say(translator(this.locale)(ruleKey(rule), { limit }));
      },
      () => say(translator(this.locale)('err_spam')),
    );
  }

  private joinErrorKey(code: ShownError): StringKey {
    return code === 'bad_request' ? 'invalidTicker' : errorKey(code);
  }

  /**
   * Escape closes the innermost popup first: an open disclosure around the focus (new
   * group, blocked users, a group's members), with focus back on its toggle; then the
   * launcher's panel. Menus, the mention list and dialogs stop their own Escape.
   */
  private onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    const open = (event.target as Element).closest('details[open]');
    if (open) {
      open.removeAttribute('open');
      open.querySelector('summary')?.focus();
    } else if (this.mode === 'launcher') this.close();
    else return;
    event.stopPropagation();
  };

  private onJoin = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('room');
    if (!(input instanceof HTMLInputElement)) return;
    this.joinError = await this.chat.joinRoom(input.value);
    if (!this.joinError) {
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
    if (this.composer && this.draft.listKey(event, this.composer)) return;
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
    if (!this.composer) return;
    this.draft.submit(
      this.composer,
      this.chat.state,
      (text, replyTo) => this.chat.send(text, replyTo),
      (count) => translator(this.locale)('tooLong', { count }),
    );
  }

  private onListFocusin = (event: FocusEvent): void => {
    if (this.listFocus) return this.listFocus.onFocusin(event);
    const { target } = event;
    void import('./list-focus.js').then(({ ListFocus }) => {
      this.listFocus ??= new ListFocus({
        view: this.chat.state,
        root: () => this.renderRoot as ShadowRoot,
        closeMenu: () => this.chat.moderation.close(),
      });
      // The focus that fetched it counts: a button it landed on may be disabled by now.
      this.listFocus.onFocusin({ target });
      this.requestUpdate();
    });
  };

  private onBack = async (): Promise<void> => {
    const room = this.chat.state.activeRoom;
    this.chat.closeRoom();
    await this.updateComplete;
    // Keep focus inside the panel (so Escape still closes it): on the room just left.
    const button = [...this.renderRoot.querySelectorAll<HTMLElement>('.room')].find(
      (el) => el.dataset.room === room,
    );
    (button ?? this.renderRoot.querySelector<HTMLElement>('#join-input'))?.focus();
  };

  override render(): unknown {
    const locale = resolveLocale(this.locale);
    const t = translator(locale);
    const view = this.chat.state;
    return renderFrame(
      {
        view,
        t,
        locale,
        status: this.shownStatus.of(view.status),
        launcher: this.mode === 'launcher',
        opened: this.opened,
        heading: this.heading || t('title'),
        onToggle: this.toggle,
        onClose: () => this.close(),
        onPanelKeydown: this.onPanelKeydown,
        onDismissNotice: () => this.chat.dismissNotice(),
      },
      html`${renderRoomList({
        view,
        t,
        locale,
        joinError: this.joinError ? t(this.joinErrorKey(this.joinError)) : null,
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
        now: this.clock.now,
        composer: this.draft,
        onBack: this.onBack,
        onNewMessages: () => void this.list.showNewest(),
        onMarkRead: () => this.list.markRead(),
        list: this.list,
        onListKeydown: (event) => this.listFocus?.onKeydown(event),
        onListFocusin: this.onListFocusin,
        onReply: (message) => {
          this.draft.setReply(message);
          this.composer?.focus();
        },
        onJump: (seq) => void this.list.jumpTo(seq),
        onCancelReply: () => this.draft.setReply(null),
        onMention: (user) => this.composer && this.draft.mention(this.composer, user),
        onScroll: (event) => this.list.scrolled(event.currentTarget as HTMLElement),
        onLoadOlder: () => view.activeRoom && void this.chat.loadOlder(view.activeRoom),
        onKeydown: this.onComposerKeydown,
        onInput: (event) => {
          this.chat.typing();
          this.draft.input(event.target as HTMLTextAreaElement, this.chat.state);
        },
        onSubmit: this.onSubmit,
        // A chip previews its room first (a chunk of its own); without the chunk it joins.
        onCashtag: (room, chip) =>
          void import('./views/cashtag-card.js').then(
            (card) => card.openCashtagCard(chip, room, { view, t, locale }),
            () => this.joinRoom(room),
          ),
        onRetry: (message) => this.chat.retry(message.room, message.clientId),
        moderation: this.chat.moderation,
        people: this.chat.people,
      })}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'stock-chat': StockChat;
  }
}
