import { expect } from '@open-wc/testing';
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

// Issue 22's small display fixes, in real Chromium against the real server.

useRealServer();

describe('<stock-chat> avatars', () => {
  it('shows the sender’s initials when their avatar image fails to load', async () => {
    const room = ticker('V');
    // Nothing listens on port 9 of this machine: the image fails at once.
    const ann = await widget(`ann-${run}`, {
      room,
      name: 'Ann Bell',
      avatar: 'https://127.0.0.1:9/a.png',
    });
    const bo = await widget(`bo-${run}`, { room });
    await say(ann, 'a face that will not load');
    await until(() => messageWith(bo, 'a face that will not load'), 'bo never saw it');
    const face = messageWith(bo, 'a face that will not load')!.querySelector<HTMLElement>(
      '[part~="avatar"]',
    )!;
    await until(() => face.querySelector('img')?.hidden, 'the broken image is still shown');
    expect(face.textContent!.trim()).to.equal('AB');
    expect(part(bo, 'avatar')!.getBoundingClientRect().width).to.be.greaterThan(0);
  });
});
