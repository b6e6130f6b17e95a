/**
 * The frame around the room list and the conversation: the launcher button
 * with its unread badge (launcher mode), the panel with its header (title,
 * status chip, close button), an operator notice, and the live region that
 * reads incoming messages to screen readers.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatView } from '../chat-view.js';
import type { Translate } from '../i18n/index.js';
import type { ConnectionStatus } from '../types.js';
import { STATUS_KEYS } from './status.js';

/** The data and actions the frame needs; the element renders what goes inside. */
export interface FrameContext {
  view: ChatView;
  t: Translate;
  locale: string;
  /** The status the chip shows (views/status.ts: a blip keeps it on "Online"). */
  status: ConnectionStatus;
  launcher: boolean;
  opened: boolean;
  /** The panel's title, already defaulted to the localised "Chat". */
  heading: string;
  onToggle(): void;
  onClose(): void;
  onPanelKeydown(event: KeyboardEvent): void;
  onDismissNotice(): void;
}

function renderLauncher(ctx: FrameContext): TemplateResult {
  const { t } = ctx;
  const unread = ctx.view.totalUnread;
  return html`<button
    part="launcher"
    class="launcher"
    aria-expanded=${ctx.opened ? 'true' : 'false'}
    aria-controls="panel"
    aria-label=${
      unread > 0 ? `${t('openChat')}, ${t('unreadBadge', { count: unread })}` : t('openChat')
    }
    @click=${ctx.onToggle}
  >
    <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" fill="currentColor">
      <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
    </svg>
    ${
      unread > 0
        ? html`<span part="badge" class="badge" aria-hidden="true"
            >${unread > 99 ? '99+' : unread}</span
          >`
        : nothing
    }
  </button>`;
}

function renderNotice(ctx: FrameContext): TemplateResult | typeof nothing {
  const notice = ctx.view.notice;
  if (!notice) return nothing;
  return html`<p part="notice" class="notice" role="status">
    <span>${notice.text}</span>
    <button
      part="dismiss"
      class="link"
      aria-label=${ctx.t('dismiss')}
      @click=${ctx.onDismissNotice}
    >
      ×
    </button>
  </p>`;
}

/** The whole widget, with `body` (the room list and the conversation) in the panel. */
export function renderFrame(ctx: FrameContext, body: unknown): TemplateResult {
  const { t, view, launcher } = ctx;
  const incoming = view.lastIncoming;
  return html`<div class="root ${launcher ? 'launcher-mode' : 'inline-mode'}" lang=${ctx.locale}>
    ${launcher ? renderLauncher(ctx) : nothing}
    <section
      id="panel"
      part="panel"
      class="panel"
      role=${launcher ? 'dialog' : 'region'}
      aria-label=${ctx.heading}
      ?hidden=${launcher && !ctx.opened}
      @keydown=${ctx.onPanelKeydown}
    >
      <header part="header">
        <h2>${ctx.heading}</h2>
        <span part="status" class="status ${ctx.status}" data-status=${ctx.status}
          >${t(STATUS_KEYS[ctx.status])}</span
        >
        ${
          launcher
            ? html`<button
                part="close"
                class="icon"
                aria-label=${t('closeChat')}
                @click=${ctx.onClose}
              >
                ×
              </button>`
            : nothing
        }
      </header>
      ${renderNotice(ctx)}
      <div class="body ${view.activeRoom ? 'has-room' : ''}">${body}</div>
      <div class="sr-only" role="status" aria-live="polite">
        ${incoming ? t('newMessage', { name: incoming.sender.name, text: incoming.text }) : ''}
      </div>
    </section>
  </div>`;
}
