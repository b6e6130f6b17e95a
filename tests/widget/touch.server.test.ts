import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  part,
  parts,
  run,
  say,
  ticker,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Issue 22, major 9: on a 360 px wide phone every control is at least 24×24 px
// (44×44 where there is room), and a message's name and time stay on one line.

useRealServer();

const CONTROLS = 'button, input, textarea, select, summary, a[href], [role="button"]';
const MIN = 24;

/** The controls on screen smaller than `MIN` in either direction, as "part WxH". */
function tooSmall(el: StockChat): string[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(CONTROLS)]
    .filter((c) => c.getClientRects().length > 0 && !c.closest('.sr-only'))
    .map((c) => ({ c, r: c.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.width < MIN || r.height < MIN))
    .map(
      ({ c, r }) =>
        `${c.getAttribute('part') ?? c.localName} ${Math.round(r.width)}x${Math.round(r.height)}`,
    );
}

describe('<stock-chat> on a 360 px wide screen', () => {
  before(() => setViewport({ width: 360, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('makes every control at least 24×24 px in the room list, a busy message and its menu', async function () {
    this.timeout(30_000);
    const room = ticker('T');
    const el = await widget(`thumb-${run}`, { room });
    await say(el, `look at ${room}`);
    await until(() => (messageWith(el, 'look at')?.dataset.seq ?? '0') !== '0', 'not stored');
    messageWith(el, 'look at')!.querySelector<HTMLElement>('[part~="reply-button"]')!.click();
    await say(el, 'a reply');
    await until(() => part(el, 'reply-quote'), 'no quote');
    messageWith(el, 'look at')!.querySelector<HTMLElement>('[part~="react-button"]')!.click();
    await until(() => part(el, 'reaction-option'), 'no picker');
    expect(tooSmall(el)).to.deep.equal([], 'with the reaction picker open');
    parts(el, 'reaction-option')[0].click();
    await until(() => part(el, 'reaction'), 'no reaction');
    expect(tooSmall(el)).to.deep.equal([], 'a message with a chip, a reaction and a quote');
    messageWith(el, 'a reply')!
      .querySelector<HTMLElement>('[part~="message-actions-toggle"]')!
      .click();
    await until(() => part(el, 'message-menu'), 'no menu');
    expect(tooSmall(el)).to.deep.equal([], 'with the message menu open');
    await sendKeys({ press: 'Escape' });
    part(el, 'back')!.click();
    await until(() => !part(el, 'conversation'), 'still in the room');
    await until(() => part(el, 'friends'), 'no friends panel');
    expect(tooSmall(el)).to.deep.equal([], 'the room list and friends panel');
  });

  it('keeps a long name and the time on one line', async () => {
    const name = 'Maximiliana Featherstonehaugh-Wolfeschlegelsteinhausen';
    const el = await widget(`longname-${run}`, { room: ticker('N'), name });
    // Another user's message shows their name: the own one says "You", so post as a second user.
    const other = await widget(`short-${run}`, { room: el.room });
    await say(el, 'hello from a long name');
    await until(() => messageWith(other, 'hello from a long name'), 'not seen');
    const li = messageWith(other, 'hello from a long name')!;
    const sender = li.querySelector<HTMLElement>('[part~="sender"]')!;
    const time = li.querySelector<HTMLElement>('[part~="time"]')!;
    expect(sender.getClientRects().length).to.equal(1, 'the name wraps');
    expect(time.getClientRects().length).to.equal(1, 'the time wraps');
    const [s, t] = [sender.getBoundingClientRect(), time.getBoundingClientRect()];
    expect(Math.abs(s.top + s.height / 2 - (t.top + t.height / 2))).to.be.below(
      4,
      'name and time on one line',
    );
    expect(s.height).to.be.below(24, 'the name is one line high');
  });
});
