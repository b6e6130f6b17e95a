/**
 * One message in the list: sender, time, text with cashtag chips and, for own
 * messages, the delivery state. Text is bound as text, never as HTML.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { splitCashtags } from '../cashtags.js';
import { formatTime } from '../format.js';
import type { Translate } from '../i18n/index.js';
import type { ChatMessage } from '../types.js';
import type { Quote } from '../../../server/protocol.js';
import { chipQuote } from './quote.js';

export interface MessageContext {
  t: Translate;
  locale: string;
  own: boolean;
  /** Show the delivery state line (last own message, or pending/failed ones). */
  showState: boolean;
  seen: boolean;
  onCashtag(room: string): void;
  /** The newest live quote of a symbol, for the cashtag chips. */
  quotes?: ReadonlyMap<string, Quote>;
  onRetry(message: ChatMessage): void;
  /** The message's actions (views/message-menu.ts): the ⋯ toggle and the open step. */
  menu?: { toggle: TemplateResult | typeof nothing; panel: TemplateResult | typeof nothing };
}

function stateLine(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  if (!ctx.own || !ctx.showState) return nothing;
  if (message.state === 'failed') {
    return html`<span part="message-state" class="state failed" title=${message.error ?? ''}
      >${ctx.t('failed')}
      <button part="retry" class="link" @click=${() => ctx.onRetry(message)}>
        ${ctx.t('retry')}
      </button>
    </span>`;
  }
  const key = message.state === 'pending' ? 'pending' : ctx.seen ? 'seen' : 'sent';
  return html`<span part="message-state" class="state ${message.state}">${ctx.t(key)}</span>`;
}

function chip(text: string, room: string, ctx: MessageContext): TemplateResult {
  const label = ctx.t('openRoom', { room });
  // prettier-ignore
  return html`<button part="cashtag" class="cashtag" aria-label=${label} @click=${() => ctx.onCashtag(room)}>${text}${chipQuote(ctx.quotes?.get(room.slice(1)))}</button>`;
}

/** The text of a live message; a tombstone says who deleted it. */
function body(message: ChatMessage, ctx: MessageContext): TemplateResult {
  if (message.deletedAt) {
    const key = message.deletedBy === 'moderator' ? 'deletedByModerator' : 'deletedBySender';
    return html`<div part="message-text tombstone" class="text tombstone">${ctx.t(key)}</div>`;
  }
  // Built outside the template: the text is `pre-wrap`, so template whitespace would show.
  const content = splitCashtags(message.text).map((part) =>
    part.kind === 'text' ? part.text : chip(part.text, part.room, ctx),
  );
  const edited = message.editedAt
    ? html` <span part="edited" class="edited">${ctx.t('edited')}</span>`
    : nothing;
  return html`<div part="message-text" class="text">${content}${edited}</div>`;
}

/** Renders a message as a list item. */
export function renderMessage(message: ChatMessage, ctx: MessageContext): TemplateResult {
  return html`<li
    part="message${ctx.own ? ' message-own' : ''}"
    class="message ${ctx.own ? 'own' : ''} ${message.state} ${message.deletedAt ? 'deleted' : ''}"
    data-client-id=${message.clientId}
    data-seq=${message.seq}
  >
    <div class="meta">
      <span part="sender" class="sender">${ctx.own ? ctx.t('you') : message.sender.name}</span>
      ${
        message.sender.kind === 'bot' || message.sender.kind === 'system'
          ? html`<span part="sender-badge" class="badge ${message.sender.kind}"
              >${ctx.t(message.sender.kind)}</span
            >`
          : nothing
      }
      <time part="time" datetime=${message.createdAt}
        >${formatTime(message.createdAt, ctx.locale)}</time
      >
      ${ctx.menu?.toggle ?? nothing}
    </div>
    ${body(message, ctx)} ${ctx.menu?.panel ?? nothing} ${stateLine(message, ctx)}
  </li>`;
}
