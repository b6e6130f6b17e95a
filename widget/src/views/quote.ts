/**
 * A live quote (the server's `quote` event): price, change and percent, green
 * up or red down, and the time, in a ticker room's header; only the percent on
 * a cashtag chip.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Quote } from '../../../server/protocol.js';
import { formatTime } from '../format.js';

const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(2)}`;
const trend = (q: Quote) => (q.change > 0 ? 'up' : q.change < 0 ? 'down' : 'flat');

export function renderQuote(q: Quote | undefined, locale: string): TemplateResult | typeof nothing {
  if (!q) return nothing;
  const at = new Date(q.ts).toISOString();
  return html`<span part="quote" class="quote ${trend(q)}" data-symbol=${q.symbol}
    ><b>${q.price.toFixed(2)}</b> ${signed(q.change)} (${signed(q.changePct)}%)
    <time datetime=${at}>${formatTime(at, locale)}</time></span
  >`;
}

export function chipQuote(q: Quote | undefined): TemplateResult | typeof nothing {
  return q
    ? html` <span part="cashtag-quote" class="quote ${trend(q)}">${signed(q.changePct)}%</span>`
    : nothing;
}
