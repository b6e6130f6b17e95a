import { expect, oneEvent } from '@open-wc/testing';
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

// Issue 11, two users in real Chromium against the real server: links, mentions
// that notify, and replies whose quote jumps to the original.

useRealServer();

describe('<stock-chat> links, mentions and replies, two users', () => {
  it('turns an https URL into a safe, shortened link and leaves other schemes as text', async () => {
    // A DM: new accounts may not post links in ticker rooms (the spam rule).
    const [ana, ben] = await twoWidgets(`ana-${run}`, `ben-${run}`, { room: 'dm' });
    const url = `https://example.com/a/very/long/path/that/is/shortened/on/screen?q=${run}`;
    await say(ana, `see ${url} not javascript:alert(1)`);
    await until(() => part(ben, 'link'), 'ben sees no link');
    const link = part(ben, 'link') as HTMLAnchorElement;
    expect(link.getAttribute('href')).to.equal(url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(link.textContent!.length).to.be.lessThan(url.length);
    expect(parts(ben, 'link')).to.have.length(1);
    expect(part(ben, 'message-text')!.textContent).to.contain('javascript:alert(1)');
  });

  it('notifies a mentioned user in a room they are not viewing, highlights the mention and shows the sender’s avatar', async () => {
    const room = ticker('M');
    const photo = `https://example.com/avatars/cy-${run}.png`;
    const cy = await widget(`cy-${run}`, { room, avatar: photo });
    const dee = await widget(`dee-${run}`, { room: ticker('N') });
    const notified = oneEvent(dee, 'stock-chat-notification');
    await say(cy, `@dee-${run} look at this`);
    const { detail } = await notified;
    expect(detail.room).to.equal(room);
    expect(detail.mention).to.equal(true);
    expect(detail.message.mentions).to.deep.equal([`dee-${run}`]);
    expect(await dee.joinRoom(room)).to.equal(true);
    await until(() => part(dee, 'message-mention'), 'the mention is not highlighted');
    expect(part(dee, 'mention')!.textContent).to.equal(`@dee-${run}`);
    // The sender is no friend of dee's: the avatar comes with the message.
    const shown = part(dee, 'message')!.querySelector('[part~="avatar"] img');
    expect(shown!.getAttribute('src')).to.equal(photo);
  });

  it('replies with a quote that jumps to the original', async () => {
    const [eve, fay] = await twoWidgets(`eve-${run}`, `fay-${run}`, { room: ticker('R') });
    await say(eve, 'the original question');
    await until(() => messageWith(fay, 'the original question'), 'fay never saw it');
    const original = messageWith(fay, 'the original question')!;
    (original.querySelector('[part~="reply-button"]') as HTMLElement).click();
    await say(fay, 'the answer');
    await until(() => part(eve, 'reply-quote'), 'eve sees no quote');
    const quote = part(eve, 'reply-quote')!;
    expect(quote.textContent).to.contain('the original question');
    quote.click();
    const target = messageWith(eve, 'the original question')!;
    await until(() => eve.shadowRoot!.activeElement === target, 'the quote did not jump');
  });
});
