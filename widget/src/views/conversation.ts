/**
 * The conversation pane: room header (with presence for DMs), the message list
 * with scroll-up paging, the typing indicator and the composer.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatView } from '../chat-state.js';
import { formatRelative } from '../format.js';
import type { Translate } from '../i18n/index.js';
import { roomLabel } from '../rooms.js';
import type { ChatMessage, RoomState } from '../types.js';
import { composerState } from './composer-note.js';
import { renderMessage } from './message-item.js';
import { renderMessageMenu, type MenuActions } from './message-menu.js';
import { roomHeader, type RoomHeaderContext } from './room-header.js';

/** The data and actions the conversation pane needs. */
export interface ConversationContext extends RoomHeaderContext {
  view: ChatView;
  t: Translate;
  locale: string;
  onBack(): void;
  onScroll(event: Event): void;
  onLoadOlder(): void;
  onKeydown(event: KeyboardEvent): void;
  onInput(): void;
  onSubmit(event: SubmitEvent): void;
  onCashtag(room: string): void;
  onRetry(message: ChatMessage): void;
  /** Edit, delete, report, block, mute and ban (the controller's `Moderation`). */
  moderation: MenuActions;
}

function typingText(state: RoomState, t: Translate): string {
  const names = [...state.typing.values()].map((entry) => entry.user.name);
  if (names.length === 0) return '';
  if (names.length === 1) return t('typingOne', { name: names[0] });
  if (names.length === 2) return t('typingTwo', { a: names[0], b: names[1] });
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

function messageList(ctx: ConversationContext, state: RoomState): TemplateResult {
  const me = ctx.view.me?.id;
  const label = roomLabel(state);
  const own = state.messages.filter((m) => m.sender.id === me);
  const lastOwn = own[own.length - 1];
  let seenSeq = 0;
  if (state.summary.kind === 'dm') {
    for (const m of own) if (m.seq > 0 && m.seq <= state.peerReadSeq) seenSeq = m.seq;
  }
  return html`<ol
    part="messages"
    class="messages"
    tabindex="0"
    aria-label=${ctx.t('messages', { room: label })}
    @scroll=${ctx.onScroll}
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
    ${repeat(
      state.messages,
      (m) => m.clientId + m.sender.id,
      (m) => {
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
          showState: isOwn && (m === lastOwn || m.state !== 'sent' || m.seq === seenSeq),
          seen: m.seq > 0 && m.seq === seenSeq,
          onCashtag: ctx.onCashtag,
          onRetry: ctx.onRetry,
        });
      },
    )}
  </ol>`;
}

/** Renders the active room, or a hint to pick one. */
export function renderConversation(ctx: ConversationContext): TemplateResult {
  const room = ctx.view.activeRoom;
  const state = room ? ctx.view.rooms.get(room) : undefined;
  if (!state) {
    return html`<div class="conversation placeholder">
      <p part="empty" class="empty">${ctx.t('pickRoom')}</p>
    </div>`;
  }
  const label = roomLabel(state);
  const composer = composerState(ctx.view, ctx.view.roomRules.get(room!), ctx.t, ctx.locale);
  return html`<section part="conversation" class="conversation" aria-label=${label}>
    <div class="conv-header">
      <button part="back" class="icon back" aria-label=${ctx.t('back')} @click=${ctx.onBack}>
        ‹
      </button>
      <h3 class="conv-title">${label}</h3>
      ${peerLine(ctx, state)} ${roomHeader(ctx, state)}
    </div>
    ${messageList(ctx, state)}
    <div part="typing" class="typing" aria-live="polite">${typingText(state, ctx.t)}</div>
    ${composer.note}
    <form part="composer" class="composer" @submit=${ctx.onSubmit}>
      <textarea
        ?disabled=${composer.blocked}
        part="input"
        id="composer-input"
        rows="1"
        aria-label=${ctx.t('messageLabel', { room: label })}
        placeholder=${ctx.t('messagePlaceholder')}
        @keydown=${ctx.onKeydown}
        @input=${ctx.onInput}
      ></textarea>
      <button part="send" class="send" type="submit" ?disabled=${composer.blocked}>
        ${ctx.t('send')}
      </button>
    </form>
  </section>`;
}
