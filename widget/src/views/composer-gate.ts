/**
 * Whether the composer of the open room can post now, and the note that says why
 * not (banned, not allowed in the room, muted, a read-only room, slow mode). The
 * note's sentence, with the time left, comes from composer-note.ts, loaded the first
 * time a note shows: the composer is disabled at once, the note follows its chunk,
 * and if the chunk cannot load the note gives the short reason instead.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatView, RoomRules } from '../chat-view.js';
import { clock } from '../clock.js';
import { errorKey } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';
import { Lazy } from '../lazy.js';
import type { ShownError } from '../types.js';

/** Why the composer has a note; also its `data-kind` and class. */
export type NoteKind = 'banned' | 'refused' | 'muted' | 'read-only' | 'slow' | 'slow-mode';

/** The moderation note above the composer and whether it takes input. */
export interface ComposerGate {
  note: TemplateResult | typeof nothing;
  /** True when nothing the user types could be posted. */
  blocked: boolean;
}

const composerNote = new Lazy(() => import('./composer-note.js'));

/** Which note the composer shows now, if any. */
export function noteKind(
  view: ChatView,
  rules: RoomRules | undefined,
  now: number,
): NoteKind | null {
  if (view.banned) return 'banned';
  if (!rules) return null;
  if (rules.refused) return 'refused';
  if (rules.mutedUntil && Date.parse(rules.mutedUntil) > now) return 'muted';
  if (rules.readOnly && !rules.canModerate) return 'read-only';
  if (rules.slowUntil && rules.slowUntil > now) return 'slow';
  if (rules.slowModeSec > 0 && !rules.canModerate) return 'slow-mode';
  return null;
}

/** The error a send would get, whose sentence stands in for a note that cannot load. */
function shortReason(kind: NoteKind, rules: RoomRules | undefined): ShownError {
  if (kind === 'banned' || kind === 'muted') return kind;
  if (kind === 'slow' || kind === 'slow-mode') return 'rate_limited';
  return rules?.refused ?? 'forbidden';
}

/** What the composer of a room says and whether it takes input. */
export function composerState(
  view: ChatView,
  rules: RoomRules | undefined,
  t: Translate,
  locale: string,
  now = clock.now(),
): ComposerGate {
  const kind = noteKind(view, rules, now);
  if (!kind) return { note: nothing, blocked: false };
  const text = composerNote.failed
    ? t(errorKey(shortReason(kind, rules)))
    : composerNote.get()?.noteText(kind, view, rules, t, locale, now);
  return {
    note: text
      ? html`<p part="composer-note" class="composer-note ${kind}" role="status" data-kind=${kind}>
          ${text}
        </p>`
      : nothing,
    blocked: kind !== 'slow' && kind !== 'slow-mode',
  };
}
