import { expect } from '@open-wc/testing';
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

// Issue 21 point 8, in real Chromium against the real server: right-to-left names and
// bidirectional control characters stay inside the name or text they came with, and a
// link whose host mixes scripts shows the host's punycode.

useRealServer();

/** The left edge of one character of the first text node under `el` that holds `text`. */
function charLeft(el: Element, text: string, index = 0): number {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at + index);
    range.setEnd(node, at + index + 1);
    return range.getBoundingClientRect().left;
  }
  throw new Error(`no text node holds ${JSON.stringify(text)}`);
}

/** True when `text` under `el` is laid out left to right: its first character left of its last. */
const readsLeftToRight = (el: Element, text: string): boolean =>
  charLeft(el, text, 0) < charLeft(el, text, text.length - 1);

const isolates = (el: Element): boolean =>
  ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(el).unicodeBidi);

describe('<stock-chat> bidirectional text', () => {
  it('keeps a right-to-left display name from pulling the number after it in front of it', async () => {
    const room = ticker('B');
    const dana = await widget(`dana-${run}`, { name: 'דנה כהן', room });
    const omer = await widget(`omer-${run}`, { room });
    const original = `42 is the answer ${run}`;
    await say(dana, original);
    await until(() => messageWith(omer, original), 'omer never saw the message');
    const item = messageWith(omer, original)!;
    const sender = item.querySelector('[part~="sender"]')!;
    expect(isolates(sender), 'the sender name is not isolated').to.equal(true);
    const time = item.querySelector('[part~="time"]')!;
    expect(time.getBoundingClientRect().left).to.be.at.least(sender.getBoundingClientRect().right);

    // The reply quote shows the name and then the excerpt on one line: "42" must stay after it.
    (item.querySelector('[part~="reply-button"]') as HTMLElement).click();
    await say(omer, `agreed ${run}`);
    await until(() => part(dana, 'reply-quote'), 'dana sees no quote');
    const quote = part(dana, 'reply-quote')!;
    const name = quote.querySelector('b')!;
    expect(charLeft(quote, original)).to.be.at.least(name.getBoundingClientRect().right);
  });

  it('drops override controls from a display name, so the time and the typing line read in order', async () => {
    const room = ticker('O');
    const evil = await widget(`mallory-${run}`, { name: 'Mal\u202Elory', room });
    const nina = await widget(`nina-${run}`, { room });
    part(evil, 'input')!.dispatchEvent(new Event('input'));
    await until(() => part(nina, 'typing')!.textContent!.includes('is typing'), 'no typing line');
    expect(readsLeftToRight(part(nina, 'typing')!, 'is typing')).to.equal(true);

    await say(evil, `hello ${run}`);
    await until(() => messageWith(nina, `hello ${run}`), 'nina never saw the message');
    const item = messageWith(nina, `hello ${run}`)!;
    expect(item.querySelector('[part~="sender"]')!.textContent).to.equal('Mallory');
    const time = item.querySelector('[part~="time"]')!;
    expect(readsLeftToRight(time, time.textContent!.trim())).to.equal(true);
  });

  it('gives message text dir=auto, so a Hebrew message runs right to left and an English one left to right', async () => {
    const [ari, bea] = await twoWidgets(`ari-${run}`, `bea-${run}`, { room: ticker('D') });
    await say(ari, `שלום לכולם ${run}`);
    await say(ari, `hello all ${run}`);
    await until(() => parts(bea, 'message-text').length >= 2, 'bea never saw both');
    const [hebrew, english] = [`שלום לכולם ${run}`, `hello all ${run}`].map((text) =>
      messageWith(bea, text)!.querySelector('[part~="message-text"]')!,
    );
    expect(hebrew.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(hebrew).direction).to.equal('rtl');
    expect(english.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(english).direction).to.equal('ltr');
  });

  it('shows a mixed-script link host in punycode and leaves single-script and ASCII hosts as they are', async () => {
    // A DM: new accounts may not post links in ticker rooms (the spam rule).
    const [cat, dov] = await twoWidgets(`cat-${run}`, `dov-${run}`, { room: 'dm' });
    await say(
      cat,
      `login at https://\u0430pple.com/id or https://例子.测试/x or https://example.com/a?q=${run}`,
    );
    await until(() => parts(dov, 'link').length === 3, 'dov sees no links');
    const [mixed, han, ascii] = parts(dov, 'link') as HTMLAnchorElement[];
    expect(mixed.textContent).to.equal('xn--pple-43d.com/id');
    expect(mixed.title).to.equal('https://xn--pple-43d.com/id');
    expect(han.textContent).to.equal('例子.测试/x');
    expect(ascii.textContent).to.equal(`example.com/a?q=${run}`);
    expect(ascii.getAttribute('href')).to.equal(`https://example.com/a?q=${run}`);
  });
});
