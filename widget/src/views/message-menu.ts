/**
 * A message's actions: a toggle that opens them, then one step at a time —
 * the action buttons, the inline editor (Enter saves, Escape cancels), the
 * delete confirmation, or the report reason picker. Own messages get Edit and
 * Delete; others' get Report and Block; moderators also Delete, Mute and Ban.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ReportReason, RoomId } from '../../../server/protocol.js';
import type { MessageMenu, RoomRules } from '../chat-view.js';
import type { Translate } from '../i18n/index.js';
import type { ChatMessage } from '../types.js';
import { REACTIONS } from '../../../protocol/reactions.js';

/** The moderation actions a view can call (the controller's `Moderation`). */
export interface MenuActions {
  open(room: RoomId, seq: number, mode: MessageMenu['mode']): void;
  close(): void;
  edit(room: RoomId, seq: number, text: string): Promise<void>;
  remove(room: RoomId, seq: number): Promise<void>;
  report(room: RoomId, seq: number, reason: ReportReason): Promise<void>;
  block(userId: string): Promise<void>;
  mute(room: RoomId, userId: string): Promise<void>;
  ban(userId: string): Promise<void>;
  react(room: RoomId, seq: number, emoji: string, on: boolean): Promise<void>;
}

export interface MenuContext {
  t: Translate;
  own: boolean;
  menu: MessageMenu | null;
  rules: RoomRules | undefined;
  /** A ticker room: whoever moderates it moderates everywhere, so Ban is offered. */
  ticker: boolean;
  actions: MenuActions;
}

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

function buttons(m: ChatMessage, ctx: MenuContext): TemplateResult {
  const { t, actions, own } = ctx;
  const moderator = ctx.rules?.canModerate ?? false;
  const name = m.sender.name;
  const button = (part: string, label: string, run: () => void) =>
    html`<button part=${`message-action ${part}`} class="link" @click=${run}>${label}</button>`;
  return html`<div part="message-menu" class="menu" role="group" aria-label=${t('messageActions')}>
    ${own ? button('action-edit', t('edit'), () => actions.open(m.room, m.seq, 'edit')) : nothing}
    ${
      own || moderator
        ? button('action-delete', t('delete'), () => actions.open(m.room, m.seq, 'confirm-delete'))
        : nothing
    }
    ${own ? nothing : button('action-report', t('report'), () => actions.open(m.room, m.seq, 'report'))}
    ${own ? nothing : button('action-block', t('blockUser', { name }), () => void actions.block(m.sender.id))}
    ${
      !own && moderator
        ? button('action-mute', t('mute', { name }), () => void actions.mute(m.room, m.sender.id))
        : nothing
    }
    ${
      !own && moderator && ctx.ticker
        ? button('action-ban', t('ban', { name }), () => void actions.ban(m.sender.id))
        : nothing
    }
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
          aria-pressed=${mine(emoji)}
          @click=${() => void ctx.actions.react(m.room, m.seq, emoji, !mine(emoji))}
        >
          ${emoji}
        </button>`,
    )}
  </div>`;
}

/** A message's ⋯ toggle (for the meta line) and, when its menu is open, the current step. */
export function renderMessageMenu(
  m: ChatMessage,
  ctx: MenuContext,
): { toggle: TemplateResult | typeof nothing; panel: TemplateResult | typeof nothing } {
  if (m.seq === 0 || m.deletedAt) return { toggle: nothing, panel: nothing };
  const open =
    ctx.menu && ctx.menu.room === m.room && ctx.menu.seq === m.seq ? ctx.menu.mode : null;
  const panel =
    open === 'edit'
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
  const toggle = open
    ? nothing
    : html`<button
          part="react-button"
          class="icon more"
          aria-label=${ctx.t('react')}
          aria-haspopup="true"
          @click=${() => ctx.actions.open(m.room, m.seq, 'react')}
        >
          ☺</button
        ><button
          part="message-actions-toggle"
          class="icon more"
          aria-label=${ctx.t('messageActions')}
          aria-haspopup="true"
          @click=${() => ctx.actions.open(m.room, m.seq, 'actions')}
        >
          ⋯
        </button>`;
  return { toggle, panel };
}
