/**
 * A live quote (the server's `quote` event): price, change and percent, coloured
 * up or down, and the time in a ticker room's header; only the percent on a
 * cashtag chip. The sign is always written, so the colour is never the only cue.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Quote } from '../../../protocol/wire.js';
import { formatTime } from '../format.js';

const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(2)}`;
const trend = (q: Quote) => (q.change > 0 ? 'up' : q.change < 0 ? 'down' : 'flat');

/** The header's quote: `201.50 +3.10 (+1.56%) 14:02`. */
export function headerPrice(q: Quote | undefined, locale: string): TemplateResult | typeof nothing {
  if (!q) return nothing;
  const at = new Date(q.ts).toISOString();
  return html`<span part="quote quote-${trend(q)}" class="price ${trend(q)}"
    ><b>${q.price.toFixed(2)}</b> ${signed(q.change)} (${signed(q.changePct)}%)
    <time datetime=${at}>${formatTime(at, locale)}</time></span
  >`;
}

/** A cashtag chip's percent: `+1.56%`. */
export function chipPrice(q: Quote | undefined): TemplateResult | typeof nothing {
  return q
    ? html`<span part="cashtag-quote" class="price ${trend(q)}">${signed(q.changePct)}%</span>`
    : nothing;
}
