/**
 * A live quote (the server's `quote` event): price, change and percent, coloured
 * up or down, and the time in a ticker room's header; only the percent on a
 * cashtag chip. Numbers follow the widget's locale (`Intl.NumberFormat`), the sign
 * is always written, so the colour is never the only cue, and a stale quote says so.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Quote } from '../../../protocol/wire.js';
import type { Translate } from '../i18n/index.js';
import { clock } from '../clock.js';
import { formatTime } from '../format.js';

/** `1,234.50` or `+3.10` in `locale`; `signed` writes `+` before a rise. */
const format = (locale: string, n: number, signed = false): string =>
  new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(n);

/**
 * The quote's class and part suffix: `stale` (muted) once it is more than a trading
 * day old, 24 hours, or 72 hours when its time falls on a Friday, Saturday or Sunday
 * (the viewer's calendar) so Friday's close stays current over the weekend; else
 * the direction of its move.
 */
function trend(q: Quote): 'stale' | 'up' | 'down' | 'flat' {
  const day = new Date(q.ts).getDay();
  if (clock.now() - q.ts > (day === 0 || day >= 5 ? 72 : 24) * 3_600_000) return 'stale';
  return q.change > 0 ? 'up' : q.change < 0 ? 'down' : 'flat';
}

/** The header's quote: `201.50 +3.10 (+1.56%) 14:02`, or `… Stale, as of Mar 3, 14:02`. */
export function headerPrice(
  q: Quote | undefined,
  locale: string,
  t: Translate,
): TemplateResult | typeof nothing {
  if (!q) return nothing;
  const at = new Date(q.ts).toISOString();
  const time = formatTime(at, locale);
  const tr = trend(q);
  return html`<span part="quote quote-${tr}" class="price ${tr}"
    ><b>${format(locale, q.price)}</b> ${format(locale, q.change, true)}
    (${format(locale, q.changePct, true)}%)
    <time datetime=${at}>${tr === 'stale' ? t('quoteStale', { time }) : time}</time></span
  >`;
}

/** A cashtag chip's percent: `+1.56%`, muted when stale. */
export function chipPrice(q: Quote | undefined, locale: string): TemplateResult | typeof nothing {
  return q
    ? html`<span part="cashtag-quote" class="price ${trend(q)}"
        >${format(locale, q.changePct, true)}%</span
      >`
    : nothing;
}
