/**
 * The conversation pane: room header (presence for DMs, member count for ticker
 * rooms), the message list with day separators, the unread divider, scroll-up
 * paging, the jump-to-latest ("N new messages") and "Mark as read" buttons while
 * away from the newest message (jump-buttons.ts, loaded on first use), the
 * typing indicator and the composer
 * with its reply banner, mention suggestions, character count and inline error.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatView } from '../chat-view.js';
import type { ListScroll } from '../list-scroll.js';
import { formatRelative } from '../format.js';
import { Lazy } from '../lazy.js';
import type { Translate } from '../i18n/index.js';
import { openRoomState, roomLabel } from '../rooms.js';
import type { ChatMessage, RoomState } from '../types.js';
import { composerState } from './composer-gate.js';
import { renderComposer } from './composer.js';
import type { ComposerContext } from './composer.js';
import { renderMessage } from './message-item.js';
import { renderMessageMenu, type MenuActions } from './message-menu.js';
import { sentence } from './names.js';
import { roomHeader, type RoomHeaderContext } from './room-header.js';

const jumpButtons = new Lazy(() => import('./jump-buttons.js'));

/** The data and actions the conversation pane needs. */
export interface ConversationContext extends ComposerContext, RoomHeaderContext {
  view: ChatView;
  t: Translate;
  locale: string;
  now: number;
  onBack(): void;
  onScroll(event: Event): void;
  onLoadOlder(): void;
  onNewMessages(): void;
  onMarkRead(): void;
  onCashtag(room: string, chip: HTMLElement): void;
  onRetry(message: ChatMessage): void;
  /** Edit, delete, report, block, mute and ban (the controller's `Moderation`). */
  moderation: MenuActions;
  onReply(message: ChatMessage): void;
  onJump(seq: number): void;
  /** The windowed list's place and geometry (list-scroll.ts). */
  list: Pick<ListScroll, 'version' | 'window' | 'away' | 'newCount'>;
  /** Roving focus and the keyboard inside the list (list-focus.ts, loaded on first focus). */
  onListKeydown(event: KeyboardEvent): void;
  onListFocusin(event: FocusEvent): void;
}

function typingText(state: RoomState, t: Translate): (string | TemplateResult)[] | string {
  const names = [...state.typing.values()].map((entry) => entry.user.name);
  if (names.length === 0) return '';
  if (names.length === 1) return sentence(t, 'typingOne', { name: names[0] });
  if (names.length === 2) return sentence(t, 'typingTwo', { a: names[0], b: names[1] });
  return t('typingMany');
}

function peerLine(ctx: ConversationContext, state: RoomState): TemplateResult | typeof nothing {
  const peer = state.summary.peer;
  if (state.summary.kind !== 'dm' || !peer) return nothing;
  const friend = ctx.view.friends.get(peer.id);
  const online = friend?.status === 'online';
  const lastSeen = friend?.lastSeen ?? peer.lastSeen;
  const text = online
    ? ctx.t('online')
    : lastSeen
      ? ctx.t('lastSeen', { time: formatRelative(lastSeen, ctx.locale) })
      : ctx.t('offlinePresence');
  return html`<span class="peer"
    ><span
      part="presence ${online ? 'presence-online' : 'presence-offline'}"
      class="dot ${online ? 'online' : 'offline'}"
      aria-hidden="true"
    ></span
    >${text}</span
  >`;
}

/** `Today`, `Yesterday` or the date in the locale. */
function dayLabel(iso: string, ctx: ConversationContext): string {
  const date = new Date(iso);
  const day = (d: Date) => d.toDateString();
  const now = new Date(ctx.now);
  if (day(date) === day(now)) return ctx.t('today');
  if (day(date) === day(new Date(ctx.now - 86_400_000))) return ctx.t('yesterday');
  const year = date.getFullYear() === now.getFullYear() ? undefined : 'numeric';
  return new Intl.DateTimeFormat(ctx.locale, { month: 'long', day: 'numeric', year }).format(date);
}

/** The sender's avatar: from the message (the server adds it), else a friend's. */
function avatarOf(ctx: ConversationContext, m: ChatMessage): string | undefined {
  return m.sender.avatar ?? ctx.view.friends.get(m.sender.id)?.avatar;
}

/** A row of the list: a day separator, the unread divider or a message. */
type Row = { key: string; label: string } | { key: string; message: ChatMessage };

/** The rows last built, kept while the messages, the divider, the day and the locale stay. */
let built: { deps: unknown[]; rows: Row[]; keys: string[] } | null = null;

/** The list's rows: messages with a separator before each new day and the unread divider. */
function listRows(ctx: ConversationContext, state: RoomState): { rows: Row[]; keys: string[] } {
  const me = ctx.view.me?.id ?? '';
  const deps = [state.messages, state.dividerSeq, new Date(ctx.now).toDateString(), ctx.locale, me];
  if (built && deps.every((dep, i) => dep === built?.deps[i])) return built;
  const firstUnread = state.dividerSeq
    ? state.messages.find((m) => m.seq > state.dividerSeq && m.sender.id !== me)
    : undefined;
  const rows: Row[] = [];
  let day = '';
  // One label per calendar day: an Intl formatter per message took ~0.5 ms each.
  const labels = new Map<string, string>();
  for (const m of state.messages) {
    const date = new Date(m.createdAt).toDateString();
    const label = labels.get(date) ?? labels.set(date, dayLabel(m.createdAt, ctx)).get(date)!;
    // Keyed by the message it heads: older history prepended moves it, and the view must follow.
    if (label !== day) rows.push({ key: `day:${m.clientId}`, label: (day = label) });
    if (m === firstUnread) rows.push({ key: '~unread', label: ctx.t('unreadDivider') });
    rows.push({ key: m.clientId, message: m });
  }
  built = { deps, rows, keys: rows.map((row) => row.key) };
  return built;
}

/** The rows near the viewport and the spacers that stand in for the others. */
function windowedRows(ctx: ConversationContext, state: RoomState): TemplateResult {
  const me = ctx.view.me?.id ?? '';
  const { rows, keys } = listRows(ctx, state);
  const { start, end, above, below } = ctx.list.window(keys);
  // Only the user's last messages can carry the Sent/Seen line: found from the end.
  let lastOwn: ChatMessage | undefined;
  let seenSeq = 0;
  for (let i = state.messages.length - 1; i >= 0; i -= 1) {
    const m = state.messages[i];
    if (m.sender.id !== me) continue;
    lastOwn ??= m;
    if (state.summary.kind !== 'dm') break;
    if (m.seq > 0 && m.seq <= state.peerReadSeq) {
      seenSeq = m.seq;
      break;
    }
  }
  const drawn = rows.slice(start, end).map((row) => {
    if (!('message' in row)) {
      const unread = row.key === '~unread';
      return html`<li
        part=${unread ? 'unread-divider' : 'day-separator'}
        class="separator ${unread ? 'unread-divider' : ''}"
        data-k=${row.key}
      >
        ${row.label}
      </li>`;
    }
    const m = row.message;
    const isOwn = m.sender.id === me;
    const menu = renderMessageMenu(m, {
      t: ctx.t,
      own: isOwn,
      menu: ctx.view.menu,
      rules: ctx.view.roomRules.get(state.summary.id),
      ticker: state.summary.kind === 'ticker',
      actions: ctx.moderation,
    });
    return renderMessage(m, {
      menu,
      t: ctx.t,
      locale: ctx.locale,
      own: isOwn,
      mentionsMe: !isOwn && m.mentions.includes(me),
      avatar: isOwn ? ctx.view.me?.avatar : avatarOf(ctx, m),
      showState: isOwn && (m === lastOwn || m.state !== 'sent' || m.seq === seenSeq),
      seen: m.seq > 0 && m.seq === seenSeq,
      now: ctx.now,
      onCashtag: ctx.onCashtag,
      quotes: ctx.view.quotes,
      onRetry: ctx.onRetry,
      onReply: ctx.onReply,
      onReact: (m, emoji, on) => void ctx.moderation.react(m.room, m.seq, emoji, on),
      onJump: ctx.onJump,
    });
  });
  // Not Lit's keyed repeat(): its ~770 B gzip do not fit the 40 KB budget. The one
  // item with DOM state of its own, an open editor, keeps its text in message-menu.ts.
  return html`<li class="spacer" aria-hidden="true" .style=${`height:${above}px`}></li>
    ${drawn}
    <li class="spacer" aria-hidden="true" .style=${`height:${below}px`}></li>`;
}

/** Each list's rows as last built, by the version they were built at. */
const drawn = new WeakMap<object, { version: number; rows: TemplateResult }>();

/** The rows, built again only when the session's state or the reader's place changed: never for a keystroke. */
function rowsOf(ctx: ConversationContext, state: RoomState): TemplateResult {
  const { list } = ctx;
  let held = drawn.get(list);
  if (held?.version !== list.version)
    drawn.set(list, (held = { version: list.version, rows: windowedRows(ctx, state) }));
  return held.rows;
}

function messageList(ctx: ConversationContext, state: RoomState): TemplateResult {
  const label = roomLabel(state);
  return html`<ol
    part="messages"
    class="messages"
    tabindex="0"
    aria-label=${ctx.t('messages', { room: label })}
    @scroll=${ctx.onScroll}
    @keydown=${ctx.onListKeydown}
    @focusin=${ctx.onListFocusin}
  >
    ${
      state.hasMore
        ? html`<li class="older">
            <button
              part="load-older"
              class="link"
              ?disabled=${state.loadingOlder}
              @click=${ctx.onLoadOlder}
            >
              ${state.loadingOlder ? ctx.t('loadingOlder') : ctx.t('loadOlder')}
            </button>
          </li>`
        : state.loaded && state.messages.length > 0
          ? html`<li class="older">${ctx.t('beginning')}</li>`
          : nothing
    }
    ${
      state.messages.length === 0 && state.loaded
        ? html`<li part="empty" class="empty">${ctx.t('noMessages')}</li>`
        : nothing
    }
    ${rowsOf(ctx, state)}
  </ol>`;
}

/** Renders the active room, or a hint to pick one. */
export function renderConversation(ctx: ConversationContext): TemplateResult {
  const state = openRoomState(ctx.view);
  if (!state) {
    return html`<div class="conversation placeholder">
      <p part="empty" class="empty">${ctx.t('pickRoom')}</p>
    </div>`;
  }
  const label = roomLabel(state);
  const gate = composerState(ctx.view, ctx.view.roomRules.get(state.summary.id), ctx.t, ctx.locale);
  return html`<section part="conversation" class="conversation" aria-label=${label}>
    <div class="conv-header">
      <button part="back" class="icon back" aria-label=${ctx.t('back')} @click=${ctx.onBack}>
        ‹
      </button>
      <h3 class="conv-title" dir="auto">${label}</h3>
      ${peerLine(ctx, state)} ${roomHeader(ctx, state)}
    </div>
    <div class="list-wrap">
      ${messageList(ctx, state)}
      ${
        // Read after the list was windowed: that is where a room opening at its unread is placed.
        ctx.list.away ? (jumpButtons.get()?.renderJumpButtons(ctx, state) ?? nothing) : nothing
      }
    </div>
    <div part="typing" class="typing" aria-live="polite">${typingText(state, ctx.t)}</div>
    ${renderComposer(ctx, state, gate)}
  </section>`;
}
