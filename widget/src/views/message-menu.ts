/**
 * A message's actions: a toggle that opens them, then one step at a time —
 * the action buttons, the inline editor, the delete confirmation, or the report
 * reason picker (message-panels.ts, loaded on first use). Own messages get Edit
 * and Delete; others' get Report and Block; moderators also Delete, Mute and Ban.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ReportReason, RoomId } from '../../../protocol/wire.js';
import type { MessageMenu, RoomRules } from '../chat-view.js';
import type { Translate } from '../i18n/index.js';
import type { Sanction } from '../moderation.js';
import { Lazy } from '../lazy.js';
import type { ChatMessage } from '../types.js';

/** The moderation actions a view can call (the controller's `Moderation`). */
export interface MenuActions {
  open(room: RoomId, seq: number, mode: MessageMenu['mode']): void;
  close(): void;
  edit(room: RoomId, seq: number, text: string): Promise<void>;
  remove(room: RoomId, seq: number): Promise<void>;
  report(room: RoomId, seq: number, reason: ReportReason): Promise<void>;
  block(userId: string): Promise<void>;
  mute(room: RoomId, userId: string, sanction: Sanction): Promise<void>;
  ban(userId: string, sanction: Sanction): Promise<void>;
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

const menuPanels = new Lazy(() => import('./message-panels.js'));

/** A message's ⋯ toggle (for the meta line) and, when its menu is open, the current step. */
export function renderMessageMenu(
  m: ChatMessage,
  ctx: MenuContext,
): { toggle: TemplateResult | typeof nothing; panel: TemplateResult | typeof nothing } {
  if (m.seq === 0 || m.deletedAt) return { toggle: nothing, panel: nothing };
  const open =
    ctx.menu && ctx.menu.room === m.room && ctx.menu.seq === m.seq ? ctx.menu.mode : null;
  const panels = open ? menuPanels.get() : undefined;
  const panel = !open
    ? nothing
    : panels
      ? panels.renderPanel(m, ctx, open)
      : html`<div part="message-menu" class="menu" role="status">
          ${menuPanels.failed ? ctx.t('menuUnavailable') : '…'}
        </div>`;
  const toggle = open
    ? nothing
    : html`<button
          part="react-button"
          class="icon more"
          tabindex="-1"
          aria-label=${ctx.t('react')}
          aria-haspopup="true"
          @click=${() => ctx.actions.open(m.room, m.seq, 'react')}
        >
          ☺</button
        ><button
          part="message-actions-toggle"
          class="icon more"
          tabindex="-1"
          aria-label=${ctx.t('messageActions')}
          aria-haspopup="true"
          @click=${() => ctx.actions.open(m.room, m.seq, 'actions')}
        >
          ⋯
        </button>`;
  return { toggle, panel };
}
