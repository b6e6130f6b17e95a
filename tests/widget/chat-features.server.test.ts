import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../widget/src/index.js';
import type { StockChat } from '../../widget/src/stock-chat.js';

// Two users, each with their own <stock-chat>, against the real server (port 0,
// started by the plugin in web-test-runner.config.mjs). Waits are on DOM state.

let server = '';
const run = Math.random().toString(36).slice(2, 8);
const mounted: StockChat[] = [];

const token = (sub: string, friends: string[] = []) =>
  executeServerCommand<string, unknown>('stock-chat-token', {
    sub,
    name: sub[0]!.toUpperCase() + sub.slice(1),
    friends,
  }) as Promise<string>;

const ticker = () =>
  `$R${Array.from({ length: 4 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(Math.random() * 26)]).join('')}`;

const parts = (el: StockChat, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const part = (el: StockChat, name: string) => parts(el, name)[0] ?? null;
const until = (what: () => unknown, message: string) =>
  waitUntil(what, message, { timeout: 15_000 });

async function widget(sub: string, room: string, friends: string[] = []): Promise<StockChat> {
  const el = document.createElement('stock-chat');
  el.mode = 'inline';
  el.server = server;
  el.token = await token(sub, friends);
  el.room = room;
  const ready = oneEvent(el, 'stock-chat-ready');
  document.body.append(el);
  mounted.push(el);
  await ready;
  await until(() => part(el, 'input'), `${sub} has no composer`);
  return el;
}

async function say(el: StockChat, text: string): Promise<void> {
  const input = part(el, 'input') as HTMLTextAreaElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await sendKeys({ press: 'Enter' });
}

const messageWith = (el: StockChat, text: string) =>
  parts(el, 'message').find((m) => m.textContent?.includes(text)) ?? null;

before(async () => {
  ({ url: server } = (await executeServerCommand('stock-chat-server')) as { url: string });
});
afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

describe('<stock-chat> chat features, two users', function () {
  it('turns an https URL into a safe link and leaves other schemes as text', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    // A DM: new accounts may not post links in ticker rooms (the spam rules).
    const [a, b] = [`ana-${run}`, `ben-${run}`];
    const room = a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
    const ana = await widget(a, room, [b]);
    const ben = await widget(b, room, [a]);
    const url = `https://example.com/a/very/long/path/that/is/shortened/on/screen?q=${run}`;
    await say(ana, `see ${url} not javascript:alert(1)`);
    await until(() => part(ben, 'link'), 'ben sees no link');
    const link = part(ben, 'link') as HTMLAnchorElement;
    expect(link.getAttribute('href')).to.equal(url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(link.textContent!.length).to.be.lessThan(url.length);
    expect(parts(ben, 'link')).to.have.length(1);
  });

  it('notifies a mentioned user in a room they are not viewing, and highlights the mention', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    const room = ticker();
    const elsewhere = ticker();
    const cy = await widget(`cy-${run}`, room);
    const dee = await widget(`dee-${run}`, elsewhere);
    const notified = oneEvent(dee, 'stock-chat-notification');
    await say(cy, `@dee-${run} look at this`);
    const { detail } = await notified;
    expect(detail.room).to.equal(room);
    expect(detail.mention).to.equal(true);
    expect(detail.message.mentions).to.deep.equal([`dee-${run}`]);
    await dee.joinRoom(room);
    await until(() => part(dee, 'message-mention'), 'the mention is not highlighted');
    expect(part(dee, 'mention')!.textContent).to.equal(`@dee-${run}`);
  });

  it('replies with a quote that jumps to the original', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    const room = ticker();
    const eve = await widget(`eve-${run}`, room);
    const fay = await widget(`fay-${run}`, room);
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

  it('shows a reaction to the other user and keeps it, pressed for its author, across a reload', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    const room = ticker();
    const gus = await widget(`gus-${run}`, room);
    const hal = await widget(`hal-${run}`, room);
    await say(gus, 'react to me');
    await until(() => messageWith(hal, 'react to me'), 'hal never saw it');
    const item = messageWith(hal, 'react to me')!;
    (item.querySelector('[part~="react-button"]') as HTMLElement).click();
    await until(() => part(hal, 'reaction-picker'), 'no picker');
    const options = parts(hal, 'reaction-option');
    expect(options.map((o) => o.textContent!.trim())).to.deep.equal([
      '👍',
      '👎',
      '🚀',
      '🐂',
      '🐻',
      '😂',
      '❤️',
      '👀',
    ]);
    options[2]!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => part(gus, 'reaction')?.textContent?.includes('🚀 1'), 'gus never saw it');
    expect(part(gus, 'reaction')!.getAttribute('aria-pressed')).to.equal('false');
    await until(() => part(hal, 'reaction')?.getAttribute('aria-pressed') === 'true', 'not mine');
    expect(part(hal, 'reaction-picker')).to.equal(null, 'the picker closes after a pick');

    hal.remove();
    const again = await widget(`hal-${run}`, room);
    await until(() => part(again, 'reaction'), 'the reaction is gone after a reload');
    expect(part(again, 'reaction')!.textContent!.trim()).to.equal('🚀 1');
    expect(part(again, 'reaction')!.getAttribute('aria-pressed')).to.equal('true');
    part(again, 'reaction')!.click();
    await until(() => !part(gus, 'reaction'), 'taking it back did not reach gus');
  });

  it('closes the reaction picker with Escape and keeps the panel open', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    const room = ticker();
    const ivy = await widget(`ivy-${run}`, room);
    await say(ivy, 'escape me');
    await until(() => messageWith(ivy, 'escape me')?.dataset.seq !== '0', 'not stored');
    (messageWith(ivy, 'escape me')!.querySelector('[part~="react-button"]') as HTMLElement).click();
    await until(() => part(ivy, 'reaction-option'), 'no picker');
    part(ivy, 'reaction-option')!.focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !part(ivy, 'reaction-picker'), 'Escape did not close the picker');
    expect(part(ivy, 'conversation')).to.not.equal(null);
  });

  it('marks where unread messages start and offers "N new messages" while scrolled up', async function () {
    this.timeout(45_000); // two widgets and many round trips on a shared, loaded machine
    const room = ticker();
    const jon = await widget(`jon-${run}`, room);
    for (let i = 0; i < 6; i++) await say(jon, `filler ${i}\n\n\n\n\n\n\n\n`);
    const kim = await widget(`kim-${run}`, room);
    await until(() => parts(kim, 'message').length >= 6, 'kim has no history');
    await kim.updateComplete;
    const list = part(kim, 'messages')!;
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    await say(jon, 'while you were up there');
    await until(() => part(kim, 'new-messages'), 'no new-messages button');
    expect(part(kim, 'new-messages')!.textContent).to.contain('1');
    part(kim, 'new-messages')!.click();
    await until(() => !part(kim, 'new-messages'), 'the button stays');
    // A new session of kim's opens the room at her read mark: the divider shows.
    kim.remove();
    await say(jon, 'after you left');
    const back = await widget(`kim-${run}`, room);
    await until(() => part(back, 'unread-divider'), 'no unread divider');
    const divider = part(back, 'unread-divider')!;
    expect((divider.nextElementSibling as HTMLElement).textContent).to.contain('after you left');
  });
});
