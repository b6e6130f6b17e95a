/**
 * The steps of a message's menu, loaded as a chunk of its own the first time a
 * menu opens (a reader who never opens one never fetches it): the action buttons,
 * the inline editor (Enter saves, Escape cancels), the delete confirmation, the
 * report reason picker and the reaction picker; Block, Mute and Ban confirm first
 * (confirm-dialog.ts).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ReportReason } from '../../../protocol/wire.js';
import type { MessageMenu } from '../chat-view.js';
import type { ChatMessage } from '../types.js';
import { REACTIONS } from '../../../protocol/reactions.js';
import type { MenuContext } from './message-menu.js';
import { actThenRefocus, askSanction, confirmBlock } from './confirm-dialog.js';
import { emojiName } from './message-item.js';
import { addEnglish } from '../i18n/index.js';
import { enOnFirstUse } from '../i18n/en-on-first-use.js';
import { addStyles } from '../lazy.js';
import { messagePanelStyles } from './message-panels.styles.js';

addEnglish(enOnFirstUse);
addStyles(messagePanelStyles);

const REASONS: [
  ReportReason,
  'reasonSpam' | 'reasonAbuse' | 'reasonManipulation' | 'reasonOther',
][] = [
  ['spam', 'reasonSpam'],
  ['abuse', 'reasonAbuse'],
  ['manipulation', 'reasonManipulation'],
  ['other', 'reasonOther'],
];

/**
 * What was typed into an open editor, by message: the timeline is not keyed, so a
 * re-render that shifts the list (older history loading above) re-creates the editor.
 */
const drafts = new Map<string, string>();

function editor(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const { t, actions } = ctx;
  const key = `${m.room} ${m.seq}`;
  const save = (area: HTMLTextAreaElement) => {
    drafts.delete(key);
    void actions.edit(m.room, m.seq, area.value);
  };
  const cancel = () => {
    drafts.delete(key);
    actions.close();
  };
  const onKeydown = (event: KeyboardEvent) => {
    const area = event.currentTarget as HTMLTextAreaElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      save(area);
    }
  };
  return html`<div part="message-editor" class="menu editor">
    <textarea
      part="edit-input"
      rows="2"
      aria-label=${t('editLabel')}
      .value=${drafts.get(key) ?? m.text}
      @input=${(e: Event) => drafts.set(key, (e.target as HTMLTextAreaElement).value)}
      @keydown=${onKeydown}
    ></textarea>
    <span class="hint">${t('editHint')}</span>
    <button
      part="edit-save"
      class="link"
      @click=${(e: Event) =>
        save((e.currentTarget as HTMLElement).parentElement!.querySelector('textarea')!)}
    >
      ${t('save')}
    </button>
    <button class="link" @click=${cancel}>${t('cancel')}</button>
  </div>`;
}

function confirmDelete(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const { t, actions } = ctx;
  return html`<div part="message-confirm" class="menu confirm" role="group">
    <span>${t('confirmDelete')}</span>
    <button
      part="confirm-delete"
      class="link danger"
      @click=${() => void actions.remove(m.room, m.seq)}
    >
      ${t('delete')}
    </button>
    <button class="link" @click=${() => actions.close()}>${t('cancel')}</button>
  </div>`;
}

function reportPicker(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const { t, actions } = ctx;
  return html`<div
    part="report-picker"
    class="menu report"
    role="group"
    aria-label=${t('reportReason')}
  >
    <span>${t('reportReason')}</span>
    ${REASONS.map(
      ([reason, key]) =>
        html`<button
          part="report-reason"
          class="link"
          data-reason=${reason}
          @click=${() => void actions.report(m.room, m.seq, reason)}
        >
          ${t(key)}
        </button>`,
    )}
    <button class="link" @click=${() => actions.close()}>${t('cancel')}</button>
  </div>`;
}

/** Runs `act` with the confirmation `confirm` asks for, opened from the clicked button. */
function confirmed<T>(
  confirm: (opener: HTMLElement) => Promise<T | null | false>,
  act: (choice: T) => Promise<void>,
) {
  return async (event: Event): Promise<void> => {
    const opener = event.currentTarget as HTMLElement;
    const choice = await confirm(opener);
    if (choice !== null && choice !== false) await actThenRefocus(opener, () => act(choice));
  };
}

function buttons(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const { t, actions, own } = ctx;
  const moderator = ctx.rules?.canModerate ?? false;
  const name = m.sender.name;
  const button = (part: string, label: string, run: (event: Event) => unknown) =>
    html`<button part=${`message-action ${part}`} class="link" @click=${run}>${label}</button>`;
  const block = confirmed(
    (opener) => confirmBlock(opener, t, name),
    () => actions.block(m.sender.id),
  );
  const mute = confirmed(
    (opener) => askSanction(opener, t, 'mute', name),
    (sanction) => actions.mute(m.room, m.sender.id, sanction),
  );
  const ban = confirmed(
    (opener) => askSanction(opener, t, 'ban', name),
    (sanction) => actions.ban(m.sender.id, sanction),
  );
  return html`<div part="message-menu" class="menu" role="group" aria-label=${t('messageActions')}>
    ${own ? button('action-edit', t('edit'), () => actions.open(m.room, m.seq, 'edit')) : nothing}
    ${
      own || moderator
        ? button('action-delete', t('delete'), () => actions.open(m.room, m.seq, 'confirm-delete'))
        : nothing
    }
    ${own ? nothing : button('action-report', t('report'), () => actions.open(m.room, m.seq, 'report'))}
    ${own ? nothing : button('action-block', t('blockUser', { name }), block)}
    ${!own && moderator ? button('action-mute', t('mute', { name }), mute) : nothing}
    ${!own && moderator && ctx.ticker ? button('action-ban', t('ban', { name }), ban) : nothing}
    <button class="link" @click=${() => actions.close()}>${t('cancel')}</button>
  </div>`;
}

/** The fixed reaction set; Escape closes it. Chosen ones are pressed (a second press takes one back). */
function reactionPicker(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const mine = (emoji: string) => m.reactions.some((r) => r.emoji === emoji && r.mine);
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    ctx.actions.close();
  };
  return html`<div
    part="reaction-picker"
    class="menu"
    role="group"
    aria-label=${ctx.t('react')}
    @keydown=${onKeydown}
  >
    ${REACTIONS.map(
      (emoji) =>
        html`<button
          part="reaction-option"
          class="reaction"
          aria-label=${emojiName(emoji, ctx.t)}
          aria-pressed=${mine(emoji)}
          @click=${() => void ctx.actions.react(m.room, m.seq, emoji, !mine(emoji))}
        >
          ${emoji}
        </button>`,
    )}
  </div>`;
}

/** The open step of a message's menu. */
export function renderPanel(
  m: ChatMessage,
  ctx: MenuContext,
  open: MessageMenu['mode'],
): TemplateResult | typeof nothing {
  return open === 'edit'
    ? editor(m, ctx)
    : open === 'confirm-delete'
      ? confirmDelete(m, ctx)
      : open === 'report'
        ? reportPicker(m, ctx)
        : open === 'actions'
          ? buttons(m, ctx)
          : open === 'react'
            ? reactionPicker(m, ctx)
            : open === 'reported'
              ? html`<div part="report-thanks" class="menu" role="status">
                  ${ctx.t('reported')}
                  <button class="link" @click=${() => ctx.actions.close()}>
                    ${ctx.t('dismiss')}
                  </button>
                </div>`
              : nothing;
}
