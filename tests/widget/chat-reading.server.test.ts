import { expect } from '@open-wc/testing';
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

// Issue 11's reading aids, two users in real Chromium against the real server:
// the "N new messages" button while scrolled up, the unread divider, day separators.

useRealServer();

describe('<stock-chat> reading aids, two users', () => {
  it('offers "N new messages" while scrolled up, and marks where unread messages start', async function () {
    this.timeout(30_000); // two widgets, a remount and many round trips on a loaded machine
    const room = ticker('D');
    const jon = await widget(`jon-${run}`, { room });
    for (let i = 0; i < 6; i++) {
      await say(jon, Array.from({ length: 8 }, (_, line) => `filler ${i}.${line}`).join('\n'));
      await until(() => messageWith(jon, `filler ${i}`)?.dataset.seq !== '0', 'not stored');
    }
    const kim = await widget(`kim-${run}`, { room });
    await until(() => parts(kim, 'message').length >= 6, 'kim has no history');
    expect(part(kim, 'day-separator')!.textContent!.trim()).to.equal('Today');
    const list = part(kim, 'messages')!;
    await until(() => list.scrollHeight > list.clientHeight + 100, 'the list does not scroll');
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    await say(jon, 'while you were up there');
    // Away from the newest it offers to jump there; with a message below, it counts it.
    await until(
      () => part(kim, 'new-messages')?.textContent?.includes('1 new messages'),
      'no new-messages button',
    );
    part(kim, 'new-messages')!.click();
    await until(() => !part(kim, 'new-messages'), 'the button stays');
    await until(
      () => list.scrollHeight - list.scrollTop - list.clientHeight < 40,
      'not scrolled to the end',
    );

    // A new session of kim's opens the room at her read mark: the divider shows.
    kim.remove();
    await say(jon, 'after you left');
    await until(() => messageWith(jon, 'after you left')?.dataset.seq !== '0', 'not stored');
    const back = await widget(`kim-${run}`, { room });
    await until(() => part(back, 'unread-divider'), 'no unread divider');
    const divider = part(back, 'unread-divider')!;
    expect((divider.nextElementSibling as HTMLElement).textContent).to.contain('after you left');
  });
});
