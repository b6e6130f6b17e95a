/**
 * The composer: the reply banner, `@` mention suggestions, the textarea with
 * Send, a character count near the limit and the reason a send was refused,
 * shown inline (the text stays in the box).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { UserRef } from '../../../protocol/wire.js';
import type { Translate } from '../i18n/index.js';
import { roomLabel } from '../rooms.js';
import type { ComposerGate } from './composer-gate.js';
import { sentence } from './names.js';
import type { ChatMessage, RoomState } from '../types.js';

/** What the composer shows, kept by the element (`composer-state.ts`). */
export interface ComposerState {
  /** The text's length as sent (trimmed). */
  length: number;
  maxLength: number;
  /** Why the text was not sent, already in the UI language. */
  error: string | null;
  replyTo: ChatMessage | null;
  /** People matching the `@word` being typed, and the one the keyboard is on. */
  suggestions: readonly UserRef[];
  active: number;
  /** The `@` suggestions' listbox, or nothing while it is closed. */
  list(t: Translate, pick: (user: UserRef) => void): TemplateResult | typeof nothing;
}

export interface ComposerContext {
  t: Translate;
  composer: ComposerState;
  onKeydown(event: KeyboardEvent): void;
  onInput(event: Event): void;
  onSubmit(event: SubmitEvent): void;
  onCancelReply(): void;
  onMention(user: UserRef): void;
}

function countLine(ctx: ComposerContext): TemplateResult | typeof nothing {
  const { length, maxLength } = ctx.composer;
  if (length < maxLength * 0.9) return nothing;
  const left = maxLength - length;
  return html`<span
    part="char-count"
    class="char-count ${left < 0 ? 'over' : ''}"
    aria-live="polite"
    aria-label=${left < 0 ? ctx.t('tooLong', { count: -left }) : ctx.t('charsLeft', { count: left })}
    >${left}</span
  >`;
}

/** Renders the composer of a room. */
export function renderComposer(
  ctx: ComposerContext,
  state: RoomState,
  gate: ComposerGate,
): TemplateResult {
  const { t, composer } = ctx;
  const reply = composer.replyTo;
  // A textarea takes no combobox role: it says it controls the list it completes from.
  const listed = composer.suggestions.length > 0;
  return html`${
      reply
        ? html`<div class="replying">
            <span>${sentence(t, 'replyingTo', { name: reply.sender.name })}</span>
            <button class="icon" aria-label=${t('cancelReply')} @click=${ctx.onCancelReply}>
              ×
            </button>
          </div>`
        : nothing
    }
    ${composer.list(t, ctx.onMention)} ${gate.note}
    <form part="composer" class="composer" @submit=${ctx.onSubmit}>
      <textarea
        ?disabled=${gate.blocked}
        part="input"
        id="composer-input"
        rows="1"
        dir="auto"
        aria-autocomplete="list"
        aria-controls=${listed ? 'mention-list' : nothing}
        aria-activedescendant=${listed ? `mention-${composer.active}` : nothing}
        aria-label=${t('messageLabel', { room: roomLabel(state) })}
        aria-invalid=${composer.error ? 'true' : 'false'}
        aria-describedby="composer-error"
        placeholder=${t('messagePlaceholder')}
        @keydown=${ctx.onKeydown}
        @input=${ctx.onInput}
      ></textarea>
      ${countLine(ctx)}
      <button part="send" class="send" type="submit" ?disabled=${gate.blocked}>${t('send')}</button>
    </form>
    <p id="composer-error" part="composer-error" class="field-error composer-error" role="alert">
      ${composer.error ?? nothing}
    </p>`;
}
