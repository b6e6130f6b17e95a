import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { part, run, say, ticker, until, useRealServer, widget } from './support/widgets.js';

// A cashtag chip previews its room before joining it (views/cashtag-card.ts).

useRealServer();

const focused = (el: StockChat) => el.shadowRoot!.activeElement;
const card = (el: StockChat) => part(el, 'cashtag-card');
const text = (node: HTMLElement) => node.innerText.replace(/\s+/g, ' ').trim();

/** The chip of `room` in the open room's messages, after `by` said it. */
async function chipOf(el: StockChat, room: string): Promise<HTMLElement> {
  await say(el, `have you seen ${room}?`);
  await until(() => part(el, 'cashtag'), 'no cashtag chip');
  return part(el, 'cashtag')!;
}

/** Activates the chip from the keyboard and waits for its card. */
async function preview(el: StockChat, chip: HTMLElement): Promise<HTMLElement> {
  chip.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => card(el)?.matches(':popover-open'), 'the chip opened no preview');
  return card(el)!;
}

describe('<stock-chat> cashtag preview', () => {
  it('previews a room the user is not in, closes on Escape or a click outside, and joins from Join', async () => {
    const here = ticker('C');
    const there = ticker('C');
    const el = await widget(`previewer-${run}`, { room: here });
    const chip = await chipOf(el, there);

    const shown = await preview(el, chip);
    expect(shown.getAttribute('role')).to.equal('dialog');
    // Beside the chip: just below it, or just above when the viewport ends first.
    const [at, box] = [chip.getBoundingClientRect(), shown.getBoundingClientRect()];
    expect(Math.min(Math.abs(box.top - at.bottom), Math.abs(box.bottom - at.top))).to.be.below(8);
    expect(text(shown)).to.equal(`${there} You are not in this room yet. Join`);
    expect(focused(el)).to.equal(part(el, 'cashtag-join'));
    await sendKeys({ press: 'Escape' });
    await until(() => !card(el), 'Escape left the card open');
    expect(focused(el)).to.equal(chip, 'focus did not go back to the chip');
    expect(el.shadowRoot!.querySelector('.conv-title')!.textContent).to.equal(here);

    await preview(el, chip);
    // A click on the room's title, outside the card.
    const title = el.shadowRoot!.querySelector('.conv-title')!.getBoundingClientRect();
    await sendMouse({
      type: 'click',
      position: [Math.round(title.x + 4), Math.round(title.y + 4)],
    });
    await until(() => !card(el), 'a click outside left the card open');
    expect(focused(el)).to.equal(chip, 'focus did not go back to the chip');
    expect(el.shadowRoot!.querySelector('.conv-title')!.textContent).to.equal(here);

    await preview(el, chip);
    await sendKeys({ press: 'Enter' }); // on Join
    await until(
      () => el.shadowRoot!.querySelector('.conv-title')?.textContent === there,
      `Join did not open ${there}`,
    );
    expect(card(el)).to.equal(null);
  });

  it('shows the last price and the counts of a room the user is in, and opens it', async () => {
    const here = ticker('C');
    const there = ticker('C');
    const el = await widget(`watcher-${run}`, { room: there });
    const status = await executeServerCommand('stock-chat-server-api', {
      method: 'POST',
      route: '/api/server/quotes',
      body: [{ symbol: there.slice(1), price: 4321.5, change: 1, changePct: 0.02, ts: Date.now() }],
    });
    expect(status).to.equal(200);
    await until(() => part(el, 'quote'), 'no quote arrived');
    expect(await el.joinRoom(here)).to.equal(true);
    const chip = await chipOf(el, there);
    const shown = await preview(el, chip);
    expect(text(shown)).to.match(
      new RegExp(
        `^\\${there} 4,321\\.50 \\+1\\.00 \\(\\+0\\.02%\\) .+ Members: 1 · online: 1 Open \\${there}$`,
      ),
    );
    part(el, 'cashtag-join')!.click();
    await until(
      () => el.shadowRoot!.querySelector('.conv-title')?.textContent === there,
      `Open did not open ${there}`,
    );
  });
});
