/**
 * The room list: the join-a-ticker form and the ticker, group and DM sections
 * with unread badges and, for friends, presence dots and last-seen times;
 * the friends section (`friends-panel.ts`) follows them.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { RoomKind } from '../../../protocol/wire.js';
import type { ChatView } from '../chat-view.js';
import { formatRelative } from '../format.js';
import { errorKey } from '../i18n/index.js';
import type { StringKey, Translate } from '../i18n/index.js';
import { roomLabel } from '../rooms.js';
import type { RoomState } from '../types.js';
import { Lazy } from '../lazy.js';
import type { FriendsPanelContext } from './friends-panel.js';

/** The friends section: a chunk of its own, fetched after the first paint. */
const friendsPanel = new Lazy(() => import('./friends-panel.js'));

/** The data and actions the room list needs (the friends panel's included). */
export interface RoomListContext extends FriendsPanelContext {
  view: ChatView;
  t: Translate;
  locale: string;
  /** Why the last join was refused, in the UI language. */
  joinError: string | null;
  onJoin(event: SubmitEvent): void;
  onOpen(room: string): void;
  onRetryLoad(): void;
}

const SECTIONS: [RoomKind, StringKey][] = [
  ['ticker', 'tickers'],
  ['group', 'groups'],
  ['dm', 'direct'],
];

function presence(ctx: RoomListContext, state: RoomState): TemplateResult | typeof nothing {
  const peer = state.summary.peer;
  if (state.summary.kind !== 'dm' || !peer) return nothing;
  const friend = ctx.view.friends.get(peer.id);
  const online = friend?.status === 'online';
  const lastSeen = friend?.lastSeen ?? peer.lastSeen;
  const label = online
    ? ctx.t('online')
    : lastSeen
      ? ctx.t('lastSeen', { time: formatRelative(lastSeen, ctx.locale) })
      : ctx.t('offlinePresence');
  return html`<span
      part="presence ${online ? 'presence-online' : 'presence-offline'}"
      class="dot ${online ? 'online' : 'offline'}"
      aria-hidden="true"
    ></span
    ><span class="room-sub">${label}</span>`;
}

function roomItem(ctx: RoomListContext, state: RoomState): TemplateResult {
  const { id, kind, muted } = state.summary;
  // A muted room keeps its count but shows no badge.
  const unread = muted ? 0 : state.summary.unread;
  const mentions = state.mentions;
  const active = ctx.view.activeRoom === id;
  const label = roomLabel(state);
  return html`<li>
    <button
      part="room${active ? ' room-active' : ''}"
      class="room"
      data-room=${id}
      aria-current=${active ? 'true' : 'false'}
      @click=${() => ctx.onOpen(id)}
    >
      <span class="room-name" dir="auto">${label}</span>
      ${presence(ctx, state)}
      ${muted ? html`<span part="muted-mark" class="room-sub">${ctx.t('muted')}</span>` : nothing}
      ${
        mentions > 0
          ? html`<span
              part="mention-count"
              class="unread mention-count"
              aria-label=${ctx.t('mentionBadge', { count: mentions })}
              >@${mentions}</span
            >`
          : nothing
      }
      ${
        unread > 0
          ? html`<span
              part="unread"
              class="unread"
              aria-label=${ctx.t('unreadBadge', { count: unread })}
              >${unread > 99 ? '99+' : unread}</span
            >`
          : nothing
      }
    </button>
    ${
      kind === 'ticker'
        ? html`<button
            part="leave"
            class="link"
            aria-label=${ctx.t('leaveRoom', { room: label })}
            @click=${() => void ctx.people.leave(id)}
          >
            ${ctx.t('leave')}
          </button>`
        : nothing
    }
  </li>`;
}

/** Renders the room list navigation. */
export function renderRoomList(ctx: RoomListContext): TemplateResult {
  const rooms = [...ctx.view.rooms.values()];
  return html`<nav part="room-list" class="room-list" aria-label=${ctx.t('rooms')}>
    <form part="join" class="join" @submit=${ctx.onJoin}>
      <label for="join-input" class="sr-only">${ctx.t('joinLabel')}</label>
      <input
        id="join-input"
        part="join-input"
        name="room"
        autocomplete="off"
        spellcheck="false"
        placeholder=${ctx.t('joinPlaceholder')}
        aria-invalid=${ctx.joinError ? 'true' : 'false'}
        aria-describedby="join-error"
      />
      <button part="join-button" type="submit">${ctx.t('join')}</button>
    </form>
    <p id="join-error" class="field-error" role="alert">${ctx.joinError ?? nothing}</p>
    ${
      ctx.view.loadError
        ? html`<div part="error" class="error" role="alert">
            <span>${ctx.t('loadError')} ${ctx.t(errorKey(ctx.view.loadError))}</span>
            <button @click=${ctx.onRetryLoad}>${ctx.t('tryAgain')}</button>
          </div>`
        : nothing
    }
    ${
      rooms.length === 0 && !ctx.view.loadError
        ? html`<p part="empty" class="empty">${ctx.t('noRooms')}</p>`
        : nothing
    }
    ${SECTIONS.map(([kind, key]) => {
      const list = rooms.filter((state) => state.summary.kind === kind);
      if (list.length === 0) return nothing;
      return html`<h3 class="section" id="section-${kind}">${ctx.t(key)}</h3>
        <ul class="rooms" aria-labelledby="section-${kind}">
          ${list.map((state) => roomItem(ctx, state))}
        </ul>`;
    })}
    ${friendsPanel.get()?.renderFriends(ctx) ?? nothing}
  </nav>`;
}
