import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Quote } from '../../protocol/wire.js';
import { clock } from '../../widget/src/clock.js';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { part, run, say, ticker, until, useRealServer, widget } from './support/widgets.js';

// Live quotes pushed by the host platform (`POST /api/server/quotes`), as the widget shows them.

useRealServer();

const DAY = 86_400_000;

async function push(quote: Quote): Promise<void> {
  const status = await executeServerCommand('stock-chat-server-api', {
    method: 'POST',
    route: '/api/server/quotes',
    body: [quote],
  });
  expect(status).to.equal(200);
}

/** The header's quote once it shows, its whitespace collapsed. */
async function headerQuote(el: StockChat): Promise<HTMLElement> {
  await until(() => part(el, 'quote'), 'no quote in the header');
  return part(el, 'quote')!;
}
const text = (node: HTMLElement) => node.textContent!.replace(/\s+/g, ' ').trim();

describe('<stock-chat> live quotes', () => {
  it('formats the price with the grouping and decimals of the widget’s locale', async () => {
    const room = ticker('P');
    const symbol = room.slice(1);
    const en = await widget(`price-en-${run}`, { room });
    const zh = await widget(`price-zh-${run}`, { room, locale: 'zh-Hans' });
    await push({ symbol, price: 12345.6, change: -3.4, changePct: -1.71, ts: Date.now() });
    expect(text(await headerQuote(en))).to.match(/^12,345\.60 -3\.40 \(-1\.71%\) \d/);
    expect(text(await headerQuote(zh))).to.match(/^12,345\.60 -3\.40 \(-1\.71%\) \d/);
    expect(part(en, 'quote')!.getAttribute('part')).to.equal('quote quote-down');
  });

  it('marks a quote more than a trading day old as stale, with the date it is from', async () => {
    const room = ticker('P');
    const symbol = room.slice(1);
    const el = await widget(`stale-${run}`, { room });
    const ts = Date.now() - 4 * DAY; // past even a weekend's 72 hours
    await push({ symbol, price: 201.5, change: 3.1, changePct: 1.56, ts });
    const quote = await headerQuote(el);
    expect(quote.getAttribute('part')).to.equal('quote quote-stale');
    const day = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' }).format(ts);
    expect(text(quote)).to.contain('201.50 +3.10 (+1.56%) Stale, as of');
    expect(text(quote)).to.contain(day);
    // Muted, not green: the rise is old news.
    const muted = getComputedStyle(part(el, 'member-count')!).color;
    expect(getComputedStyle(quote).color).to.equal(muted);

    await say(el, `still on ${room}?`);
    await until(() => part(el, 'cashtag-quote'), 'no quote on the cashtag chip');
    expect(part(el, 'cashtag-quote')!.classList.contains('stale')).to.equal(true);
    expect(getComputedStyle(part(el, 'cashtag-quote')!).color).to.equal(muted);
  });

  it('keeps Friday’s quote current over the weekend', async () => {
    const room = ticker('P');
    const el = await widget(`friday-${run}`, { room });
    // The newest Friday at least a day ago, and under 72 hours old by the widget's clock.
    const friday = new Date(Date.now() - DAY);
    while (friday.getDay() !== 5) friday.setDate(friday.getDate() - 1);
    const realNow = clock.now;
    clock.now = () => friday.getTime() + 60 * 60 * 1000 * 60; // Sunday, 60 h later
    try {
      await push({
        symbol: room.slice(1),
        price: 10,
        change: 0,
        changePct: 0,
        ts: friday.getTime(),
      });
      const quote = await headerQuote(el);
      expect(quote.getAttribute('part')).to.equal('quote quote-flat');
      expect(text(quote)).not.to.contain('Stale');
    } finally {
      clock.now = realNow;
    }
  });
});
