/**
 * One message in the list: avatar, sender, time, the quote it replies to, text
 * with links, mentions and cashtag chips, a reply button and, for own messages,
 * the delivery state. Text is bound as text, never as HTML.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { formatTime } from '../format.js';
import type { Translate } from '../i18n/index.js';
import { splitRichText } from '../rich-text.js';
import type { RichPart } from '../rich-text.js';
import type { Quote } from '../../../protocol/wire.js';
import { REACTIONS } from '../../../protocol/reactions.js';
import type { ChatMessage } from '../types.js';
import { chipPrice } from './price.js';

export interface MessageContext {
  t: Translate;
  locale: string;
  own: boolean;
  /** True when the message mentions the signed-in user. */
  mentionsMe: boolean;
  /** An https avatar URL for the sender, if known. */
  avatar?: string;
  /** Show the delivery state line (last own message, or pending/failed ones). */
  showState: boolean;
  seen: boolean;
  now: number;
  /** A cashtag chip was activated: its room's preview opens beside `chip`. */
  onCashtag(room: string, chip: HTMLElement): void;
  /** The newest live quote per symbol, for the cashtag chips' percent. */
  quotes: ReadonlyMap<string, Quote>;
  onRetry(message: ChatMessage): void;
  /** The message's actions (views/message-menu.ts): the ⋯ toggle and the open step. */
  menu?: { toggle: TemplateResult | typeof nothing; panel: TemplateResult | typeof nothing };
  onReply(message: ChatMessage): void;
  onReact(message: ChatMessage, emoji: string, on: boolean): void;
  onJump(seq: number): void;
}

const REL = 'noopener noreferrer nofollow ugc';

function stateLine(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  if (!ctx.own || !ctx.showState) return nothing;
  if (message.state === 'failed') {
    // Only failures a later attempt can get past end up here: refusals go back to the composer.
    return html`<span part="message-state" class="state failed"
      >${ctx.t('failed')}
      <button part="retry" class="link" tabindex="-1" @click=${() => ctx.onRetry(message)}>
        ${ctx.t('retry')}
      </button>
    </span>`;
  }
  if (message.retryAt) {
    const count = Math.max(1, Math.ceil((message.retryAt - ctx.now) / 1000));
    return html`<span part="message-state" class="state pending"
      >${ctx.t('sendingIn', { count })}</span
    >`;
  }
  const key = message.state === 'pending' ? 'pending' : ctx.seen ? 'seen' : 'sent';
  return html`<span part="message-state" class="state ${message.state}">${ctx.t(key)}</span>`;
}

function richPart(part: RichPart, ctx: MessageContext): TemplateResult | string {
  // prettier-ignore
  switch (part.kind) {
    case 'text': return part.text;
    case 'link': return html`<a part="link" tabindex="-1" href=${part.href} target="_blank" rel=${REL} title=${part.href}>${part.text}</a>`;
    case 'mention': return html`<span part="mention" class="mention">${part.text}</span>`;
    case 'cashtag': return html`<button part="cashtag" class="cashtag" tabindex="-1" aria-haspopup="dialog" aria-label=${ctx.t('openRoom', { room: part.room })} @click=${(e: Event) => ctx.onCashtag(part.room, e.currentTarget as HTMLElement)}>${part.text}${chipPrice(ctx.quotes.get(part.room.slice(1)), ctx.locale)}</button>`;
  }
}

/** Initials for a name: "Ben Ames" -> "BA", "nora" -> "N". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? '')
    .join('');
}

/** Hides an avatar image that failed to load, showing the initials under it. */
const broken = (event: Event) => ((event.target as HTMLElement).hidden = true);

/**
 * The sender's avatar: the https image from their token's `avatar` claim over their
 * initials, which show when there is no image or it fails to load.
 */
export function avatar(name: string, url?: string): TemplateResult {
  return html`<span part="avatar" class="avatar" aria-hidden="true"
    >${initials(name)}${
      url?.startsWith('https://')
        ? html`<img
            src=${url}
            alt=""
            width="28"
            height="28"
            referrerpolicy="no-referrer"
            @error=${broken}
          />`
        : ''
    }</span
  >`;
}

function quote(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  const reply = message.replyTo;
  if (!reply) return nothing;
  return html`<button
    part="reply-quote"
    tabindex="-1"
    class="quote"
    title=${ctx.t('jumpTo', { name: reply.sender.name })}
    @click=${() => ctx.onJump(reply.seq)}
  >
    <b dir="auto">${reply.sender.name}</b> <span dir="auto">${reply.excerpt}</span>
  </button>`;
}

/** The text of a live message; a tombstone says who deleted it. */
function body(message: ChatMessage, ctx: MessageContext): TemplateResult {
  if (message.deletedAt) {
    const key = message.deletedBy === 'moderator' ? 'deletedByModerator' : 'deletedBySender';
    return html`<div part="message-text tombstone" class="text tombstone">${ctx.t(key)}</div>`;
  }
  // Built outside the template: the text is `pre-wrap`, so template whitespace would show.
  const content = splitRichText(message.text).map((part) => richPart(part, ctx));
  // The space is an expression: the build's HTML minifier drops a template's leading one.
  const edited = message.editedAt
    ? html`${' '}<span part="edited" class="edited" dir="auto">${ctx.t('edited')}</span>`
    : nothing;
  // dir=auto: the text's first strong letter sets its direction (Hebrew runs right to left).
  return html`<div part="message-text" class="text" dir="auto">${content}${edited}</div>`;
}

/** The reply button, for stored live messages. */
function replyButton(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  if (message.seq === 0 || message.deletedAt) return nothing;
  return html`<button
    part="reply-button"
    tabindex="-1"
    class="link act"
    aria-label=${ctx.t('replyTo', { name: message.sender.name })}
    @click=${() => ctx.onReply(message)}
  >
    ${ctx.t('reply')}
  </button>`;
}

/** The name of a reaction, for screen readers: "Bull". */
export const emojiName = (emoji: string, t: Translate): string =>
  t('reactionNames').split('|')[(REACTIONS as readonly string[]).indexOf(emoji)] ?? emoji;

/**
 * A reaction chip's label: "Bull, 1 person, you reacted". Its strings come with the
 * first part loaded on first use (the friends panel, just after the first paint);
 * until then the chip is named by its text, "🐂 1".
 */
function reactionLabel(r: ChatMessage['reactions'][number], t: Translate): string | undefined {
  if (t('reactionNames') === 'reactionNames') return undefined;
  const emoji = emojiName(r.emoji, t);
  const label =
    r.count === 1 ? t('reactionOne', { emoji }) : t('reactionMany', { emoji, count: r.count });
  return r.mine ? t('reactionMine', { label }) : label;
}

/** The message's reactions with their counts; pressing one adds or takes back the user's. */
function reactions(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  if (message.reactions.length === 0 || message.deletedAt) return nothing;
  return html`<div part="reactions" class="reactions">
    ${message.reactions.map(
      (r) =>
        html`<button
          part="reaction"
          class="reaction"
          tabindex="-1"
          aria-label=${reactionLabel(r, ctx.t) ?? nothing}
          aria-pressed=${Boolean(r.mine)}
          @click=${() => void ctx.onReact(message, r.emoji, !r.mine)}
        >
          ${r.emoji} ${r.count}
        </button>`,
    )}
  </div>`;
}

/** `Bot` or `System` next to a sender the host platform posts as (`POST /api/server/messages`). */
function senderBadge(message: ChatMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  const { kind } = message.sender;
  if (kind !== 'bot' && kind !== 'system') return nothing;
  return html`<span part="sender-badge sender-${kind}" class="tag">${ctx.t(kind)}</span>`;
}

/** Renders a message as a list item. */
export function renderMessage(message: ChatMessage, ctx: MessageContext): TemplateResult {
  const name = message.sender.name;
  return html`<li
    part="message${ctx.own ? ' message-own' : ''}${ctx.mentionsMe ? ' message-mention' : ''}"
    class="message ${ctx.own ? 'own' : ''} ${ctx.mentionsMe ? 'mentioned' : ''} ${message.state} ${message.deletedAt ? 'deleted' : ''}"
    data-client-id=${message.clientId}
    data-seq=${message.seq}
    tabindex="-1"
  >
    ${ctx.own ? nothing : avatar(name, ctx.avatar)}
    <div class="bubble">
      <div class="meta">
        <span part="sender" class="sender" dir="auto">${ctx.own ? ctx.t('you') : name}</span>
        ${senderBadge(message, ctx)}
        <time part="time" datetime=${message.createdAt}
          >${formatTime(message.createdAt, ctx.locale)}</time
        >
        ${replyButton(message, ctx)} ${ctx.menu?.toggle ?? nothing}
      </div>
      ${quote(message, ctx)} ${body(message, ctx)} ${reactions(message, ctx)}
      ${ctx.menu?.panel ?? nothing} ${stateLine(message, ctx)}
    </div>
  </li>`;
}
