import { expect } from '@open-wc/testing';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  part,
  run,
  say,
  texts,
  ticker,
  twoWidgets,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Issue 11's honest refusals, in real Chromium against the real server: a send
// that can never succeed keeps its text in the composer with the reason inline,
// shown from the error code (never the server's English), and offers no Retry.

useRealServer();

const input = (el: StockChat) => part(el, 'input') as HTMLTextAreaElement;
const reason = (el: StockChat) => part(el, 'composer-error')!.textContent!.trim();

/** The text stayed in the composer, the reason is inline, nothing was added and there is no Retry. */
async function refusedInPlace(el: StockChat, text: string, why: string): Promise<void> {
  await until(() => reason(el) === why, `no inline reason "${why}" (got "${reason(el)}")`);
  expect(input(el).value).to.equal(text);
  expect(input(el).getAttribute('aria-invalid')).to.equal('true');
  expect(texts(el)).to.not.include(text);
  expect(part(el, 'retry') === null).to.equal(true);
}

describe('<stock-chat> refusals', () => {
  it('counts characters near the limit and refuses text over it with the reason, cutting nothing', async () => {
    const el = await widget(`len-${run}`, { room: ticker('T') });
    const near = 'n'.repeat(3700);
    input(el).value = near;
    input(el).dispatchEvent(new Event('input'));
    await until(() => part(el, 'char-count'), 'no character count near the limit');
    expect(part(el, 'char-count')!.textContent!.trim()).to.equal('300');
    expect(part(el, 'char-count')!.getAttribute('aria-label')).to.equal('300 characters left');

    const over = 'o'.repeat(4050);
    await say(el, over);
    expect(part(el, 'char-count')!.textContent!.trim()).to.equal('-50');
    await refusedInPlace(el, over, 'The message is 50 characters too long.');
    expect(part(el, 'message') === null).to.equal(true, 'nothing was sent');
  });

  it('keeps the text when the server refuses it as too_large', async () => {
    // The page allows more than the server does (MAX_MESSAGE_LENGTH 4000): the server says no.
    const el = await widget(`big-${run}`, { room: ticker('B') });
    el.maxLength = 10_000;
    const big = 'b'.repeat(4100);
    await say(el, big);
    await refusedInPlace(el, big, 'The message is too long.');
    // The reason clears as soon as one types.
    input(el).value = 'short';
    input(el).dispatchEvent(new Event('input'));
    await until(() => reason(el) === '', 'the reason stays after typing');
    expect(input(el).getAttribute('aria-invalid')).to.equal('false');
  });

  it('keeps a refused DM (the other user blocked the sender) in the composer: forbidden', async () => {
    const [amy, bob] = await twoWidgets(`fba-${run}`, `fbb-${run}`, { room: 'dm' });
    await say(amy, 'hello bob');
    await until(() => messageWith(bob, 'hello bob'), 'bob never saw it');
    const item = messageWith(bob, 'hello bob')!;
    (item.querySelector('[part~="message-actions-toggle"]') as HTMLElement).click();
    await until(() => part(bob, 'action-block'), 'no Block in the menu');
    part(bob, 'action-block')!.click();
    await until(() => part(bob, 'dialog-confirm'), 'no block confirmation');
    part(bob, 'dialog-confirm')!.click();
    await until(() => !part(bob, 'message-menu'), 'block did not finish');
    await say(amy, 'are you there?');
    await refusedInPlace(amy, 'are you there?', 'You are not allowed to do that here.');
  });

  it('shows a group the user is not a member of (opened by id) as closed to them: a note, no input, nothing stored', async () => {
    // The `room` attribute opens a room before the socket connects; join_chat is refused after.
    const owner = await widget(`gpo-${run}`);
    part(owner, 'new-group-toggle')!.click();
    (part(owner, 'group-name') as HTMLInputElement).value = `Closed ${run}`;
    part(owner, 'group-create')!.click();
    await until(() => part(owner, 'room-active')?.dataset.room?.startsWith('g:'), 'no group');
    await until(() => part(owner, 'input'), 'the owner has no composer in the group');
    const group = part(owner, 'room-active')!.dataset.room!;

    const stranger = await widget(`gps-${run}`, { room: group });
    const note = () => part(stranger, 'composer-note');
    await until(() => note()?.dataset.kind === 'refused', 'the composer never said why');
    expect(note()!.textContent!.trim()).to.equal(
      'You are not a member of this conversation, so you cannot post here.',
    );
    expect((part(stranger, 'input') as HTMLTextAreaElement).disabled).to.equal(true);
    expect((part(stranger, 'send') as HTMLButtonElement).disabled).to.equal(true);

    // Seqs are gap-free: the owner's first message taking seq 1 means nothing was stored before it.
    await say(owner, 'members only');
    const seq = () => messageWith(owner, 'members only')?.dataset.seq;
    await until(() => seq() && seq() !== '0', "the owner's message was not confirmed");
    expect(seq()).to.equal('1');
    expect(texts(owner)).to.deep.equal(['members only']);
    expect(messageWith(stranger, 'members only') === null).to.equal(true);
  });

  it('shows a group that does not exist (opened by id) as gone: a note and no input', async () => {
    const lost = await widget(`gpn-${run}`, { room: `g:nosuchgroup${run}` });
    const note = () => part(lost, 'composer-note');
    await until(() => note()?.dataset.kind === 'refused', 'the composer never said why');
    expect(note()!.textContent!.trim()).to.equal('This conversation does not exist.');
    expect((part(lost, 'input') as HTMLTextAreaElement).disabled).to.equal(true);
  });

  it('keeps a reply to a message deleted meanwhile in the composer: not_found', async () => {
    const [eve, fay] = await twoWidgets(`nfa-${run}`, `nfb-${run}`, { room: ticker('F') });
    await say(eve, 'soon gone');
    await until(() => messageWith(fay, 'soon gone'), 'fay never saw it');
    (messageWith(fay, 'soon gone')!.querySelector('[part~="reply-button"]') as HTMLElement).click();
    const own = messageWith(eve, 'soon gone')!;
    (own.querySelector('[part~="message-actions-toggle"]') as HTMLElement).click();
    await until(() => part(eve, 'action-delete'), 'no Delete in the menu');
    part(eve, 'action-delete')!.click();
    await until(() => part(eve, 'confirm-delete'), 'no confirmation');
    part(eve, 'confirm-delete')!.click();
    await until(() => part(fay, 'tombstone'), 'fay never saw the delete');
    await say(fay, 'my answer');
    await refusedInPlace(fay, 'my answer', 'That does not exist.');
  });

  it('says which spam rule refused a message and its number: too many cashtags', async () => {
    const el = await widget(`tag-${run}`, { room: ticker('C') });
    const text = '$A $B $C $D $E $F to the moon';
    await say(el, text);
    await refusedInPlace(el, text, 'At most 5 cashtags in one message.');
  });

  it('keeps a message the spam rule refuses, explained from its rule in zh-Hans', async () => {
    // New accounts may not post links in ticker rooms: the server refuses with `spam`.
    const el = await widget(`spm-${run}`, { room: ticker('S'), locale: 'zh-Hans' });
    await until(() => part(el, 'send')!.textContent!.trim() === '发送', 'zh-Hans did not load');
    const text = 'buy now https://example.com/pump';
    await say(el, text);
    await refusedInPlace(el, text, '新账户需等待 60 分钟后才能在股票房间发布链接。');
  });

  it('shows a rate-limited send counting down, then sends the burst by itself in the order typed', async function () {
    this.timeout(40_000); // the server's window is 10 s; the retry waits it out
    const el = await widget(`rat-${run}`, { room: ticker('L') });
    // 24 sends at once: the server takes 20 per 10 s and answers the rest rate_limited.
    for (let i = 0; i < 24; i++) {
      input(el).value = `burst ${i} of ${run}`;
      part(el, 'send')!.click();
    }
    const countdown = () =>
      [...el.shadowRoot!.querySelectorAll('[part~="message-state"]')]
        .map((n) => /^Sending in (\d+) s$/.exec(n.textContent!.trim()))
        .find(Boolean);
    await until(countdown, 'no countdown on the rate-limited messages', 15_000);
    expect(Number(countdown()![1])).to.be.within(1, 60);
    expect(part(el, 'retry') === null).to.equal(true);
    await until(
      () => {
        const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')];
        return items.length === 24 && items.every((m) => m.dataset.seq !== '0');
      },
      'the rate-limited messages were not sent by themselves',
      30_000,
    );
    // Held-back messages go out again behind each other, never ahead: seq order is typing order.
    expect(texts(el)).to.deep.equal(Array.from({ length: 24 }, (_, i) => `burst ${i} of ${run}`));
  });
});
