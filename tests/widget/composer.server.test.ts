import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  part,
  run,
  say,
  ticker,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Issue 22, in real Chromium against the real server: mentions completed by
// keyboard from a listbox, a half-typed mention never sent as one, a counter and
// a refusal that agree, and text that sets its own direction.

useRealServer();

const input = (el: StockChat) => part(el, 'input') as HTMLTextAreaElement;
const options = (el: StockChat) => [
  ...(part(el, 'mention-list')?.querySelectorAll<HTMLElement>('li') ?? []),
];
const selected = (el: StockChat) =>
  options(el).filter((o) => o.getAttribute('aria-selected') === 'true');

/** Types `text` at the end of the composer, as a keystroke would leave it. */
function typeInto(el: StockChat, text: string): void {
  input(el).focus();
  input(el).value = text;
  input(el).dispatchEvent(new Event('input'));
}

/** A room where `bea` and `ben` (ids starting `be`) have posted, open in `amy`'s widget. */
async function roomWithTwoBs(): Promise<{ amy: StockChat; ben: StockChat; bea: string }> {
  const room = ticker('K');
  const bea = `bea-${run}`;
  const ben = await widget(`ben-${run}`, { room });
  // The room in the text: the same text three times is refused as spam.
  await say(ben, `ben was in ${room}`);
  const beaWidget = await widget(bea, { room });
  await say(beaWidget, `bea was in ${room}`);
  const amy = await widget(`amy-${run}`, { room });
  await until(() => messageWith(amy, 'bea was in'), 'amy does not see bea');
  await until(() => messageWith(amy, 'ben was in'), 'amy does not see ben');
  return { amy, ben, bea };
}

describe('<stock-chat> composer', () => {
  it('completes an @mention by keyboard from a listbox: the arrows move, Enter picks, then Enter sends', async () => {
    const { amy, ben } = await roomWithTwoBs();
    typeInto(amy, 'hi @be');
    await until(() => options(amy).length === 2, 'no two suggestions for @be');
    const box = input(amy);
    const list = part(amy, 'mention-list')!;
    expect(list.getAttribute('role')).to.equal('listbox');
    expect(options(amy).every((o) => o.getAttribute('role') === 'option')).to.equal(true);
    expect(box.getAttribute('aria-autocomplete')).to.equal('list');
    expect(box.getAttribute('aria-controls')).to.equal(list.id);
    expect(box.getAttribute('aria-activedescendant')).to.equal(options(amy)[0]!.id);
    expect(selected(amy)).to.deep.equal([options(amy)[0]]);

    await sendKeys({ press: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).to.equal(options(amy)[1]!.id);
    expect(selected(amy)).to.deep.equal([options(amy)[1]]);
    await sendKeys({ press: 'ArrowDown' }); // wraps round
    await sendKeys({ press: 'ArrowUp' });
    expect(selected(amy)).to.deep.equal([options(amy)[1]]);
    const picked = options(amy)[1]!.textContent!.match(/@(\S+)/)![1]!;

    await sendKeys({ press: 'Enter' });
    expect(box.value).to.equal(`hi @${picked} `);
    expect(part(amy, 'mention-list')).to.equal(null);
    expect(box.hasAttribute('aria-activedescendant')).to.equal(false);
    expect(messageWith(amy, `hi @${picked}`)).to.equal(null, 'Enter on the list sent');

    await sendKeys({ press: 'Enter' });
    await until(() => messageWith(ben, `hi @${picked}`), 'the message never arrived');
    const mention = messageWith(ben, `hi @${picked}`)!.querySelector('[part~="mention"]');
    expect(mention?.textContent).to.equal(`@${picked}`);
  });

  it('picks with Tab and with a click, and keeps focus in the composer', async () => {
    const { amy, bea } = await roomWithTwoBs();
    typeInto(amy, '@bea');
    await until(() => options(amy).length === 1, 'no suggestion for @bea');
    await sendKeys({ press: 'Tab' });
    expect(input(amy).value).to.equal(`@${bea} `);
    expect(amy.shadowRoot!.activeElement).to.equal(input(amy));

    typeInto(amy, '@ben');
    await until(() => options(amy).length === 1, 'no suggestion for @ben');
    options(amy)[0]!.click();
    expect(input(amy).value).to.equal(`@ben-${run} `);
    expect(amy.shadowRoot!.activeElement).to.equal(input(amy));
  });

  it('closes only the list on Escape, and then sends a half-typed mention as plain text', async () => {
    const { amy, ben } = await roomWithTwoBs();
    amy.mode = 'launcher';
    amy.opened = true;
    await amy.updateComplete;
    typeInto(amy, 'ask @be');
    await until(() => options(amy).length === 2, 'no suggestions for @be');
    await sendKeys({ press: 'Escape' });
    expect(part(amy, 'mention-list')).to.equal(null);
    expect(amy.opened).to.equal(true, 'Escape closed the panel too');

    await sendKeys({ press: 'Enter' });
    await until(() => messageWith(ben, 'ask @'), 'the message never arrived');
    const sent = messageWith(ben, 'ask @')!;
    expect(sent.querySelector('[part~="mention"]')).to.equal(null, '@be went as a mention');
    expect(sent.querySelector('[part~="message-text"]')!.textContent).to.equal('ask @\u2060be');
  });

  it('counts the text as sent in the counter and the refusal alike, in the singular for one', async () => {
    const el = await widget(`cnt-${run}`, { room: ticker('C') });
    el.maxLength = 20;
    typeInto(el, `${'x'.repeat(19)}  `);
    await until(() => part(el, 'char-count'), 'no counter near the limit');
    expect(part(el, 'char-count')!.textContent!.trim()).to.equal('1');
    expect(part(el, 'char-count')!.getAttribute('aria-label')).to.equal('1 character left');

    typeInto(el, `${'x'.repeat(21)}   `);
    await sendKeys({ press: 'Enter' });
    const why = 'The message is 1 character too long.';
    await until(() => part(el, 'composer-error')!.textContent!.trim() === why, 'no refusal');
    expect(part(el, 'char-count')!.textContent!.trim()).to.equal('-1');
    expect(part(el, 'char-count')!.getAttribute('aria-label')).to.equal(why);
  });

  it('lets the text set its direction in the composer and in a reply’s quote', async () => {
    const el = await widget(`dir-${run}`, { room: ticker('D') });
    expect(input(el).getAttribute('dir')).to.equal('auto');
    await say(el, 'שלום לכולם');
    await until(() => Number(messageWith(el, 'שלום')?.dataset.seq) > 0, 'never stored');
    (messageWith(el, 'שלום')!.querySelector('[part~="reply-button"]') as HTMLElement).click();
    await say(el, 'hello');
    await until(() => part(el, 'reply-quote'), 'no quote');
    const excerpt = [...part(el, 'reply-quote')!.querySelectorAll('[dir="auto"]')].find(
      (n) => n.textContent === 'שלום לכולם',
    );
    expect(excerpt, 'the excerpt does not set its own direction').to.not.equal(undefined);
  });
});
