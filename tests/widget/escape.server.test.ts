import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { part, run, until, useRealServer, widget } from './support/widgets.js';

// Escape closes the innermost popup first: a disclosure of the friends panel before
// the launcher's panel around it.

useRealServer();

const focused = (el: StockChat) => el.shadowRoot!.activeElement;

/** A launcher widget, opened, with its friends panel (a chunk of its own) on screen. */
async function openLauncher(sub: string): Promise<StockChat> {
  const el = await widget(sub, { friends: [`pal-${run}`] });
  el.mode = 'launcher';
  el.opened = true;
  await el.updateComplete;
  await until(() => part(el, 'new-group'), 'the friends panel never loaded');
  return el;
}

describe('<stock-chat> Escape in the friends panel', () => {
  it('closes the new-group form first, focus on its toggle, and the panel on the next Escape', async () => {
    const el = await openLauncher(`grouper-${run}`);
    const form = part(el, 'new-group') as HTMLDetailsElement;
    part(el, 'new-group-toggle')!.click();
    await until(() => form.open, 'the new-group form did not open');
    part(el, 'group-name')!.focus();
    await sendKeys({ press: 'Escape' });
    expect(el.opened).to.equal(true, 'Escape closed the panel with the form open');
    expect(form.open).to.equal(false, 'the form stayed open');
    expect(focused(el)).to.equal(part(el, 'new-group-toggle'));
    await sendKeys({ press: 'Escape' });
    await until(() => !el.opened, 'a second Escape did not close the panel');
  });

  it('closes the blocked-users list before the panel', async () => {
    const el = await openLauncher(`blocker-${run}`);
    const list = part(el, 'blocked-users') as HTMLDetailsElement;
    part(el, 'blocked-users-toggle')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => list.open, 'the blocked-users list did not open');
    await sendKeys({ press: 'Escape' });
    expect(el.opened).to.equal(true, 'Escape closed the panel with the list open');
    expect(list.open).to.equal(false, 'the list stayed open');
    expect(focused(el)).to.equal(part(el, 'blocked-users-toggle'));
  });
});
