/**
 * Why the user cannot post right now, shown above the composer with the time
 * left (a mute of a day or more by its end, one until lifted as such): banned,
 * not allowed in the room, muted, a read-only room, or slow mode. `blocked` tells the
 * composer to disable its input.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatView, RoomRules } from '../chat-view.js';
import { clock } from '../clock.js';
import { formatTime } from '../format.js';
import type { Translate } from '../i18n/index.js';
import { isUntilLifted } from '../../../protocol/sanctions.js';

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

/** The moderation note above the composer and whether it takes input. */
export interface ComposerGate {
  note: TemplateResult | typeof nothing;
  /** True when nothing the user types could be posted. */
  blocked: boolean;
}

/** What the composer of `room` says and whether it takes input. */
export function composerState(
  view: ChatView,
  rules: RoomRules | undefined,
  t: Translate,
  locale: string,
  now = clock.now(),
): ComposerGate {
  const line = (kind: string, text: string, blocked: boolean): ComposerGate => ({
    note: html`<p
      part="composer-note"
      class="composer-note ${kind}"
      role="status"
      data-kind=${kind}
    >
      ${text}
    </p>`,
    blocked,
  });
  if (view.banned) {
    const until = view.banned.until;
    return line(
      'banned',
      until ? t('composerBannedUntil', { time: formatTime(until, locale) }) : t('composerBanned'),
      true,
    );
  }
  if (!rules) return { note: nothing, blocked: false };
  if (rules.refused) {
    const key = rules.refused === 'not_found' ? 'composerRoomGone' : 'composerNotMember';
    return line('refused', t(key), true);
  }
  const until = rules.mutedUntil;
  const mutedLeft = until ? Date.parse(until) - now : 0;
  if (until && mutedLeft > 0) {
    // A mute until lifted ends in the year 9999 (protocol/sanctions.ts); a day or more shows its end.
    const text = isUntilLifted(until)
      ? t('composerMutedForever')
      : mutedLeft >= DAY_MS
        ? t('composerMutedUntil', { time: formatTime(until, locale) })
        : t('composerMuted', { left: formatLeft(mutedLeft, locale) });
    return line('muted', text, true);
  }
  if (rules.readOnly && !rules.canModerate) return line('read-only', t('composerReadOnly'), true);
  const slowLeft = rules.slowUntil ? rules.slowUntil - now : 0;
  if (slowLeft > 0) {
    return line('slow', t('composerSlowWait', { left: formatLeft(slowLeft, locale) }), false);
  }
  if (rules.slowModeSec > 0 && !rules.canModerate) {
    return line('slow-mode', t('composerSlowMode', { seconds: rules.slowModeSec }), false);
  }
  return { note: nothing, blocked: false };
}
