/**
 * The buttons shown while the reader is away from the newest message, loaded on
 * first use: one goes to the newest message ("N new messages" while some are
 * unread below, else "Jump to latest"), the other marks the room read without
 * moving the list (while it has unread messages).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { addEnglish } from '../i18n/index.js';
import { enOnFirstUse } from '../i18n/en-on-first-use.js';
import type { RoomState } from '../types.js';
import type { ConversationContext } from './conversation.js';

addEnglish(enOnFirstUse);

export function renderJumpButtons(ctx: ConversationContext, state: RoomState): TemplateResult {
  const { t, list } = ctx;
  const count = list.newCount;
  return html`<div class="jump">
    ${
      state.summary.unread > 0
        ? html`<button part="mark-read" @click=${ctx.onMarkRead}>${t('markRead')}</button>`
        : nothing
    }
    <button part="new-messages" class="new-messages" @click=${ctx.onNewMessages}>
      ${count > 0 ? t('newMessages', { count }) : t('jumpLatest')} ↓
    </button>
  </div>`;
}
