import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  part,
  parts,
  run,
  say,
  ticker,
  twoWidgets,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Issue 22, major 8: focus and tab order in the message list, by keyboard in real
// Chromium against the real server.

useRealServer();

/** The element focused inside the widget. */
const active = (el: StockChat): HTMLElement | null =>
  el.shadowRoot!.activeElement as HTMLElement | null;

/** Whether focus is on `name` (a part) inside the message holding `text`. */
const focusedIn = (el: StockChat, text: string, name: string): boolean =>
  active(el) !== null && active(el) === messageWith(el, text)?.querySelector(`[part~="${name}"]`);

const press = (key: string) => sendKeys({ press: key });

/** A room with `texts` said in it by a fresh user, each stored. */
async function roomWith(sub: string, texts: string[]): Promise<StockChat> {
  const el = await widget(`${sub}-${run}`, { room: ticker('F') });
  for (const text of texts) {
    await say(el, text);
    await until(() => (messageWith(el, text)?.dataset.seq ?? '0') !== '0', `${text} not stored`);
  }
  return el;
}

/** Focuses the message holding `text` (the list's tab stop is reached by Tab in another test). */
async function focusMessage(el: StockChat, text: string): Promise<HTMLElement> {
  const li = messageWith(el, text)!;
  li.focus();
  await until(() => active(el) === li, `${text} took no focus`);
  return li;
}

describe('<stock-chat> message list by keyboard', () => {
  it('is one tab stop: Tab goes from the open room in the list to a message, then to the composer', async () => {
    const el = await roomWith('tabber', ['one', 'two', 'three', 'four']);
    part(el, 'room-active')!.focus();
    let presses = 0;
    while (!part(el, 'messages')!.contains(active(el)) && presses < 30) {
      await press('Tab');
      presses += 1;
    }
    // The list's keyboard arrives with the first focus: the newest message takes it.
    await until(() => active(el)?.matches('li.message'), 'no message took focus');
    expect(active(el)?.textContent).to.include('four', 'the newest message is the stop');
    // Room button, Leave, the friends panel's fields, the room's Mute toggle, then the list.
    expect(presses).to.be.at.most(8);
    await press('Tab');
    expect(active(el)).to.equal(part(el, 'input'), 'one press from the list to the composer');
    await press('Tab');
    await sendKeys({ down: 'Shift' });
    await press('Tab');
    await press('Tab');
    await sendKeys({ up: 'Shift' });
    expect(active(el)?.textContent).to.include('four', 'Shift+Tab comes back to the same message');
    expect(parts(el, 'message').filter((m) => m.tabIndex === 0)).to.have.length(1);
  });

  it('moves between messages with ArrowUp, ArrowDown, Home and End, and walks its controls with ArrowRight', async () => {
    const el = await roomWith('arrows', ['alpha', 'bravo', 'charlie']);
    await focusMessage(el, 'charlie');
    await press('ArrowUp');
    expect(active(el)).to.equal(messageWith(el, 'bravo'));
    await press('Home');
    expect(active(el)).to.equal(messageWith(el, 'alpha'));
    await press('End');
    expect(active(el)).to.equal(messageWith(el, 'charlie'));
    await press('ArrowUp');
    await press('ArrowDown');
    expect(active(el)).to.equal(messageWith(el, 'charlie'));
    await press('ArrowRight');
    expect(focusedIn(el, 'charlie', 'reply-button')).to.equal(true, 'ArrowRight: Reply');
    await press('ArrowRight');
    expect(focusedIn(el, 'charlie', 'react-button')).to.equal(true, 'then ☺');
    await press('ArrowLeft');
    await press('ArrowLeft');
    expect(active(el)).to.equal(messageWith(el, 'charlie'));
    // The message focused last stays the list's one tab stop.
    expect(parts(el, 'message').filter((m) => m.tabIndex === 0)).to.deep.equal([
      messageWith(el, 'charlie'),
    ]);
  });

  it('opens a message’s actions with Shift+F10, puts focus in them, and edit focuses the editor', async () => {
    const el = await roomWith('menukey', ['fix me']);
    await focusMessage(el, 'fix me');
    await sendKeys({ down: 'Shift' });
    await press('F10');
    await sendKeys({ up: 'Shift' });
    await until(() => focusedIn(el, 'fix me', 'action-edit'), 'focus is not on Edit');
    await press('Enter');
    await until(() => focusedIn(el, 'fix me', 'edit-input'), 'edit did not focus the editor');
    const area = active(el) as HTMLTextAreaElement;
    expect(area.selectionStart).to.equal('fix me'.length, 'the caret at the end');
    await press('Escape');
    await until(() => !part(el, 'message-editor'), 'Escape did not close the editor');
    await until(
      () => focusedIn(el, 'fix me', 'message-actions-toggle'),
      'focus did not return to ⋯',
    );
  });

  it('returns focus to ☺ after a reaction is picked, and after Escape', async () => {
    const el = await roomWith('picker', ['pick on me']);
    await focusMessage(el, 'pick on me');
    await press('ArrowRight');
    await press('ArrowRight');
    expect(focusedIn(el, 'pick on me', 'react-button')).to.equal(true);
    await press('Enter');
    await until(() => focusedIn(el, 'pick on me', 'reaction-option'), 'no focus in the picker');
    await press('Tab');
    await press('Enter');
    await until(() => part(el, 'reaction')?.textContent?.includes('👎'), 'the pick was not shown');
    await until(() => focusedIn(el, 'pick on me', 'react-button'), 'focus not back on ☺');
    await press('Enter');
    await until(() => part(el, 'reaction-picker'), 'no picker');
    await press('Escape');
    await until(() => !part(el, 'reaction-picker'), 'Escape did not close the picker');
    expect(focusedIn(el, 'pick on me', 'react-button')).to.equal(true, 'Escape: back on ☺');
  });

  it('returns focus to ⋯ when the delete confirmation is cancelled, and to the message when it is confirmed', async () => {
    const el = await roomWith('deleter', ['keep me', 'drop me']);
    await focusMessage(el, 'drop me');
    await press('ContextMenu');
    await until(() => focusedIn(el, 'drop me', 'action-edit'), 'no focus in the menu');
    await press('Tab');
    expect(focusedIn(el, 'drop me', 'action-delete')).to.equal(true);
    await press('Enter');
    await until(() => focusedIn(el, 'drop me', 'confirm-delete'), 'no focus in the confirmation');
    await press('Tab');
    await press('Enter'); // Cancel
    await until(() => focusedIn(el, 'drop me', 'message-actions-toggle'), 'not back on ⋯');
    await press('Enter');
    await until(() => focusedIn(el, 'drop me', 'action-edit'), 'the menu did not open');
    await press('Tab');
    await press('Enter');
    await until(() => focusedIn(el, 'drop me', 'confirm-delete'), 'no confirmation');
    const li = messageWith(el, 'drop me')!;
    const seq = li.dataset.seq;
    await press('Enter');
    await until(() => part(el, 'tombstone'), 'not deleted');
    await until(() => active(el)?.dataset.seq === seq, 'focus did not stay on the message');
  });

  it('keeps focus on "Load older" (or the message below it) while a page of history loads', async function () {
    this.timeout(30_000);
    const room = ticker('O');
    await executeServerCommand('stock-chat-seed-messages', { room, count: 120 });
    const el = await widget(`older-${run}`, { room });
    await until(() => messageWith(el, 'seeded message 120'), 'the newest is not drawn');
    const oldest = () => Math.min(...parts(el, 'message').map((m) => Number(m.dataset.seq)));
    await until(() => part(el, 'load-older'), 'no Load older');
    const before = oldest();
    part(el, 'load-older')!.focus();
    await press('Enter');
    await until(() => oldest() < before, 'no older page');
    await until(() => !part(el, 'load-older')?.hasAttribute('disabled'), 'still loading');
    const now = active(el);
    expect(now !== null && part(el, 'messages')!.contains(now)).to.equal(
      true,
      `focus left the list: ${now?.outerHTML.slice(0, 60) ?? 'none'}`,
    );
  });

  it('labels reaction chips with the reaction, how many reacted and whether the user did', async function () {
    this.timeout(30_000);
    const room = ticker('B');
    const [gus, hal] = await twoWidgets(`bullgus-${run}`, `bullhal-${run}`, { room });
    await say(gus, 'bullish');
    await until(() => (messageWith(hal, 'bullish')?.dataset.seq ?? '0') !== '0', 'not seen');
    const react = async (el: StockChat) => {
      (messageWith(el, 'bullish')!.querySelector('[part~="react-button"]') as HTMLElement).click();
      await until(() => part(el, 'reaction-option'), 'no picker');
      parts(el, 'reaction-option')[3].click();
    };
    await react(hal);
    await until(() => part(gus, 'reaction'), 'gus never saw it');
    expect(part(gus, 'reaction')!.getAttribute('aria-label')).to.equal('Bull, 1 person');
    await until(
      () => part(hal, 'reaction')?.getAttribute('aria-label') === 'Bull, 1 person, you reacted',
      `hal's chip: ${part(hal, 'reaction')?.getAttribute('aria-label')}`,
    );
    await react(gus);
    await until(
      () => part(gus, 'reaction')?.getAttribute('aria-label') === 'Bull, 2 people, you reacted',
      `gus's chip: ${part(gus, 'reaction')?.getAttribute('aria-label')}`,
    );
    expect(parts(gus, 'reaction-option')).to.have.length(0);
  });
});

describe('<stock-chat> Escape in launcher mode', () => {
  it('closes a message’s menu first and leaves the panel open', async () => {
    const el = await roomWith('escaper', ['menu here']);
    el.mode = 'launcher';
    el.opened = true;
    await el.updateComplete;
    messageWith(el, 'menu here')!
      .querySelector<HTMLElement>('[part~="message-actions-toggle"]')!
      .focus();
    await press('Enter');
    await until(() => part(el, 'message-menu'), 'no menu');
    await press('Escape');
    await until(() => !part(el, 'message-menu'), 'the menu stayed open');
    expect(el.opened).to.equal(true, 'Escape closed the panel with the menu');
    await press('Escape');
    await until(() => !el.opened, 'a second Escape closes the panel');
  });
});
