import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
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

// Issue 11's reactions, two users in real Chromium against the real server.

useRealServer();

const EMOJI = ['👍', '👎', '🚀', '🐂', '🐻', '😂', '❤️', '👀'];

describe('<stock-chat> reactions, two users', () => {
  it('shows a reaction to the other user and keeps it, pressed for its author, across a reload', async function () {
    this.timeout(30_000); // two widgets, a remount and many round trips on a loaded machine
    const room = ticker('G');
    const [gus, hal] = await twoWidgets(`gus-${run}`, `hal-${run}`, { room });
    await say(gus, 'react to me');
    await until(() => messageWith(hal, 'react to me'), 'hal never saw it');
    (
      messageWith(hal, 'react to me')!.querySelector('[part~="react-button"]') as HTMLElement
    ).click();
    await until(() => part(hal, 'reaction-picker'), 'no picker');
    const options = parts(hal, 'reaction-option');
    expect(options.map((o) => o.textContent!.trim())).to.deep.equal(EMOJI);
    // The open picker and its options pass axe.
    await expect(hal).to.be.accessible();
    options[2].focus();
    await sendKeys({ press: 'Enter' });
    await until(() => part(gus, 'reaction')?.textContent?.includes('🚀 1'), 'gus never saw it');
    expect(part(gus, 'reaction')!.getAttribute('aria-pressed')).to.equal('false');
    await until(() => part(hal, 'reaction')?.getAttribute('aria-pressed') === 'true', 'not mine');
    expect(part(hal, 'reaction-picker') === null).to.equal(true, 'the picker closes after a pick');
    // The reactions row (pressed and not) passes axe on both sides.
    await expect(hal).to.be.accessible();
    await expect(gus).to.be.accessible();

    hal.remove();
    const again = await widget(`hal-${run}`, { room });
    await until(() => part(again, 'reaction'), 'the reaction is gone after a reload');
    expect(part(again, 'reaction')!.textContent!.trim()).to.equal('🚀 1');
    expect(part(again, 'reaction')!.getAttribute('aria-pressed')).to.equal('true');
    part(again, 'reaction')!.click();
    await until(() => !part(gus, 'reaction'), 'taking it back did not reach gus');
  });

  it('closes the reaction picker with Escape and keeps the panel open', async () => {
    const ivy = await widget(`ivy-${run}`, { room: ticker('I') });
    await say(ivy, 'escape me');
    await until(() => messageWith(ivy, 'escape me')?.dataset.seq !== '0', 'not stored');
    (messageWith(ivy, 'escape me')!.querySelector('[part~="react-button"]') as HTMLElement).click();
    await until(() => part(ivy, 'reaction-option'), 'no picker');
    part(ivy, 'reaction-option')!.focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !part(ivy, 'reaction-picker'), 'Escape did not close the picker');
    expect(part(ivy, 'conversation') !== null).to.equal(true);
  });
});
