import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { listed, nameOf, part, run, twoWidgets, useRealServer, widget } from './support/widgets.js';

// Friends and groups in <stock-chat>, against the real server started by the
// plugin in web-test-runner.config.mjs (tests/support/server.ts, port 0).

useRealServer();

async function addFriend(el: StockChat, to: string): Promise<void> {
  const input = part(el, 'add-friend-input') as HTMLInputElement;
  input.focus();
  input.value = to;
  await sendKeys({ press: 'Enter' });
}

describe('<stock-chat> friends', () => {
  it('sends a request that the invitee sees live, accepts, and both list the DM', async () => {
    const a = `amy-${run}`;
    const b = `ben-${run}`;
    const [ben, amy] = await twoWidgets(b, a);
    expect(part(ben, 'friend-request') === null).to.equal(true);

    await addFriend(amy, b);
    await waitUntil(
      () =>
        part(amy, 'add-friend-outcome')!.textContent!.trim() ===
        `Friend request sent to ${nameOf(b)}.`,
      'no "sent" outcome',
    );
    expect((part(amy, 'add-friend-input') as HTMLInputElement).value).to.equal('');
    const outgoing = part(amy, 'friend-request-outgoing')!;
    expect(outgoing.textContent).to.contain(nameOf(b));
    expect(outgoing.textContent).to.contain('Pending');

    await waitUntil(() => part(ben, 'friend-request'), 'the request did not arrive live');
    expect(part(ben, 'friend-request')!.textContent).to.contain(nameOf(a));
    const accept = part(ben, 'accept')!;
    expect(accept.getAttribute('aria-label')).to.equal(`Accept friend request from ${nameOf(a)}`);
    accept.focus();
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => listed(ben, 'dm').includes(nameOf(a)), 'no DM for the invitee');
    await waitUntil(() => listed(amy, 'dm').includes(nameOf(b)), 'no DM for the requester');
    await waitUntil(() => !part(ben, 'friend-request') && !part(amy, 'friend-request'));

    // The DM is subscribed: a message from Amy reaches Ben live.
    (amy.shadowRoot!.querySelector(`[aria-labelledby="section-dm"] .room`) as HTMLElement).click();
    await waitUntil(() => part(amy, 'input'));
    const received = oneEvent(ben, 'stock-chat-message');
    const input = part(amy, 'input') as HTMLTextAreaElement;
    input.focus();
    input.value = 'hi ben';
    await sendKeys({ press: 'Enter' });
    expect((await received).detail.message.text).to.equal('hi ben');
  });

  it('shows the conflict message when asking someone who is already a friend', async () => {
    const a = `cat-${run}`;
    const b = `dan-${run}`;
    const [, cat] = await twoWidgets(b, a, { friends: true });
    await addFriend(cat, b);
    await waitUntil(
      () => part(cat, 'add-friend-outcome')!.textContent!.includes('already friends'),
      'no conflict message',
    );
    expect(part(cat, 'add-friend-input')!.getAttribute('aria-invalid')).to.equal('true');
    expect((part(cat, 'add-friend-input') as HTMLInputElement).value).to.equal(b);

    await addFriend(cat, `nobody-${run}`);
    await waitUntil(
      () => part(cat, 'add-friend-outcome')!.textContent!.includes('does not exist'),
      'no unknown-user message',
    );
  });
});

describe('<stock-chat> new group', () => {
  it('creates a group with a friend, lists it, opens it, and the friend sees it live', async () => {
    const a = `eve-${run}`;
    const b = `fay-${run}`;
    const [fayLive, eve] = await twoWidgets(b, a, { friends: true });
    const details = part(eve, 'new-group') as HTMLDetailsElement;
    part(eve, 'new-group-toggle')!.click();
    expect(details.open).to.equal(true);
    (part(eve, 'group-name') as HTMLInputElement).value = `Desk ${run}`;
    const box = eve.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${b}"]`)!;
    expect(box.closest('label')!.textContent).to.contain(nameOf(b));
    box.click();
    part(eve, 'group-create')!.click();

    await waitUntil(() => listed(eve, 'group').includes(`Desk ${run}`), 'group not listed');
    await waitUntil(
      () => eve.shadowRoot!.querySelector('.conv-title')?.textContent === `Desk ${run}`,
      'group not opened',
    );
    expect((part(eve, 'group-name') as HTMLInputElement).value).to.equal('');

    // The friend's open widget learns of it live (room_added), and a new one lists it too.
    await waitUntil(() => listed(fayLive, 'group').includes(`Desk ${run}`), 'not pushed live');
    const fay = await widget(b);
    expect(listed(fay, 'group')).to.include(`Desk ${run}`);
  });
});
