/**
 * The sentence of the note above the composer (composer-gate.ts says which one
 * shows), loaded on first use with its strings and styles: the time left (a mute of
 * a day or more by its end, one until lifted as such) for a mute or slow mode, the
 * end of a ban, or why the room takes no posts.
 */
import type { ChatView, RoomRules } from '../chat-view.js';
import { formatTime } from '../format.js';
import { enComposerNotes } from '../i18n/en-composer-notes.js';
import { addEnglish } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';
import { addStyles } from '../lazy.js';
import { isUntilLifted } from '../../../protocol/sanctions.js';
import type { NoteKind } from './composer-gate.js';
import { composerNoteStyles } from './composer-note.styles.js';

addEnglish(enComposerNotes);
addStyles(composerNoteStyles);

const DAY_MS = 86_400_000;

/** "in 4 minutes", "in 35 seconds": the time left, in the widget's locale. */
export function formatLeft(ms: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return rtf.format(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return rtf.format(minutes, 'minute');
  return rtf.format(Math.ceil(minutes / 60), 'hour');
}

/** What the note of `kind` says, in the widget's locale. */
export function noteText(
  kind: NoteKind,
  view: ChatView,
  rules: RoomRules | undefined,
  t: Translate,
  locale: string,
  now: number,
): string {
  switch (kind) {
    case 'banned': {
      const until = view.banned?.until;
      return until
        ? t('composerBannedUntil', { time: formatTime(until, locale) })
        : t('composerBanned');
    }
    case 'refused':
      return t(rules?.refused === 'not_found' ? 'composerRoomGone' : 'composerNotMember');
    case 'muted': {
      const until = rules?.mutedUntil ?? '';
      const left = Date.parse(until) - now;
      // A mute until lifted ends in the year 9999 (protocol/sanctions.ts); a day or more shows its end.
      return isUntilLifted(until)
        ? t('composerMutedForever')
        : left >= DAY_MS
          ? t('composerMutedUntil', { time: formatTime(until, locale) })
          : t('composerMuted', { left: formatLeft(left, locale) });
    }
    case 'read-only':
      return t('composerReadOnly');
    case 'slow':
      return t('composerSlowWait', { left: formatLeft((rules?.slowUntil ?? now) - now, locale) });
    case 'slow-mode':
      return t('composerSlowMode', { seconds: rules?.slowModeSec ?? 0 });
  }
}
