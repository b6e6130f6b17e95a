import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  nameOf,
  part,
  parts,
  run,
  say,
  serverUrl,
  ticker,
  token,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Blocking with a confirmation and undoing it from the blocked-users list, and a
// moderator's mute and ban from the widget with a length and a reason, against
// the real server started by the plugin in web-test-runner.config.mjs (port 0).

useRealServer();

/** The element focused inside the widget's shadow root. */
const focused = (el: StockChat): Element | null => el.shadowRoot!.activeElement;

/** Opens the actions of the message whose text contains `text` and presses `action`. */
async function press(el: StockChat, text: string, action: string): Promise<HTMLElement> {
  await until(() => messageWith(el, text), `no "${text}"`);
  messageWith(el, text)!.querySelector<HTMLElement>('[part~="message-actions-toggle"]')!.click();
  await until(() => part(el, action), `no ${action}`);
  const button = part(el, action)!;
  button.click();
  return button;
}

/** The open dialog with `name` as its part, once it is shown. */
async function dialog(el: StockChat, name: string): Promise<HTMLDialogElement> {
  await until(() => (part(el, name) as HTMLDialogElement | null)?.open, `no open ${name}`);
  return part(el, name) as HTMLDialogElement;
}

/** A moderator's look at one user through the REST API (`/api/mod/users/:id`). */
async function sanctionsOf(
  modToken: string,
  userId: string,
): Promise<{
  mutes: { room: string | null; until: string; reason: string }[];
  ban: { until: string | null; reason: string } | null;
}> {
  const res = await fetch(`${serverUrl()}/api/mod/users/${encodeURIComponent(userId)}`, {
    headers: { authorization: `Bearer ${modToken}` },
  });
  expect(res.status).to.equal(200);
  return res.json();
}

describe('<stock-chat> blocking', () => {
  it('asks before blocking, says what a block hides, and Escape cancels with focus back on Block', async () => {
    const room = ticker('B');
    const a = `bka-${run}`;
    const b = `bkb-${run}`;
    const amy = await widget(a, { room });
    const ben = await widget(b, { room });
    await say(ben, 'hello from ben');

    const opener = await press(amy, 'hello from ben', 'action-block');
    const shown = await dialog(amy, 'block-dialog');
    expect(shown.querySelector('h2')!.textContent).to.equal(`Block ${nameOf(b)}?`);
    expect(shown.getAttribute('aria-labelledby')).to.equal('confirm-title');
    const text = shown.textContent!;
    expect(text).to.contain('their messages, in every room and in direct messages');
    expect(text).to.contain('direct messages and friend requests, both ways');
    expect(shown.contains(focused(amy)), 'focus did not move into the dialog').to.equal(true);

    await sendKeys({ press: 'Escape' });
    await until(() => !part(amy, 'block-dialog'), 'Escape did not close the dialog');
    expect(focused(amy) === opener, 'focus did not return to Block').to.equal(true);
    // Nothing was blocked: Ben's next message still arrives.
    await say(ben, 'still here');
    await until(() => messageWith(amy, 'still here'), 'a cancelled block blocked');
  });

  it('blocks on confirm, lists the user under Blocked users, and Unblock lets them through at once', async () => {
    const room = ticker('U');
    const a = `bua-${run}`;
    const b = `bub-${run}`;
    const amy = await widget(a, { room });
    const ben = await widget(b, { room });
    await say(ben, 'first from ben');

    await press(amy, 'first from ben', 'action-block');
    (await dialog(amy, 'block-dialog'))
      .querySelector<HTMLElement>('[part="dialog-confirm"]')!
      .click();
    await until(() => !messageWith(amy, 'first from ben'), 'the blocked user’s message stayed');
    expect(part(amy, 'block-dialog')).to.equal(null);

    const list = part(amy, 'blocked-users') as HTMLDetailsElement;
    part(amy, 'blocked-users-toggle')!.click();
    await until(() => part(amy, 'blocked-user'), 'the blocked list shows no one');
    expect(list.open).to.equal(true);
    expect(parts(amy, 'blocked-user').map((li) => li.dataset.user)).to.deep.equal([b]);
    expect(part(amy, 'blocked-user')!.textContent).to.contain(nameOf(b));
    const unblock = part(amy, 'unblock')!;
    expect(unblock.getAttribute('aria-label')).to.equal(`Unblock ${nameOf(b)}`);

    unblock.click();
    await until(
      () => list.textContent!.includes('You have not blocked anyone.'),
      'Unblock left the user listed',
    );
    expect(
      focused(amy) === part(amy, 'blocked-users-toggle'),
      'focus fell out of the list',
    ).to.equal(true);
    await say(ben, 'back again');
    await until(
      () => messageWith(amy, 'back again'),
      'the unblocked user’s message did not arrive',
    );
  });
});

describe('<stock-chat> moderator mute and ban', () => {
  it('mutes for the length and reason chosen; a permanent mute reads as such in the muted composer', async () => {
    const room = ticker('M');
    const u = `mmu-${run}`;
    const m = `mmm-${run}`;
    const user = await widget(u, { room });
    const mod = await widget(m, { room, roles: ['moderator'] });
    await say(user, 'pump it');

    const opener = await press(mod, 'pump it', 'action-mute');
    const shown = await dialog(mod, 'sanction-dialog');
    expect(shown.querySelector('h2')!.textContent).to.equal(`Mute ${nameOf(u)} in this room?`);
    const lengths = [...shown.querySelectorAll<HTMLInputElement>('input[name="minutes"]')];
    expect(lengths.map((r) => r.parentElement!.textContent!.trim())).to.deep.equal([
      '1 hour',
      '24 hours',
      '7 days',
      'Permanent',
    ]);
    expect(lengths[0]!.checked).to.equal(true);
    expect(shown.contains(focused(mod)), 'focus did not move into the dialog').to.equal(true);
    // Escape changes nothing.
    await sendKeys({ press: 'Escape' });
    await until(() => !part(mod, 'sanction-dialog'), 'Escape did not close the dialog');
    expect(focused(mod) === opener, 'focus did not return to Mute').to.equal(true);
    const modToken = await token(m, { roles: ['moderator'] });
    expect((await sanctionsOf(modToken, u)).mutes).to.deep.equal([]);

    opener.click();
    const again = await dialog(mod, 'sanction-dialog');
    again.querySelectorAll<HTMLInputElement>('input[name="minutes"]')[3]!.click();
    (again.querySelector('textarea[name="reason"]') as HTMLTextAreaElement).value = 'pumping';
    again.querySelector<HTMLElement>('[part="dialog-confirm"]')!.click();

    const note = () => part(user, 'composer-note');
    await until(() => note()?.dataset.kind === 'muted', 'the mute did not reach the user');
    expect(note()!.textContent!.trim()).to.equal('You are muted here until a moderator lifts it.');
    expect((part(user, 'input') as HTMLTextAreaElement).disabled).to.equal(true);
    const { mutes } = await sanctionsOf(modToken, u);
    expect(mutes.map(({ room: r, until: end, reason }) => ({ r, end, reason }))).to.deep.equal([
      { r: room, end: '9999-12-31T23:59:59.999Z', reason: 'pumping' },
    ]);
  });

  it('shows a mute of days by its end, not as a count of hours', async () => {
    const room = ticker('D');
    const u = `mdu-${run}`;
    const m = `mdm-${run}`;
    const user = await widget(u, { room });
    const mod = await widget(m, { room, roles: ['moderator'] });
    await say(user, 'spam spam');
    await press(mod, 'spam spam', 'action-mute');
    const shown = await dialog(mod, 'sanction-dialog');
    shown.querySelectorAll<HTMLInputElement>('input[name="minutes"]')[2]!.click();
    shown.querySelector<HTMLElement>('[part="dialog-confirm"]')!.click();
    const note = () => part(user, 'composer-note');
    await until(() => note()?.dataset.kind === 'muted', 'the mute did not reach the user');
    expect(note()!.textContent!.trim()).to.match(/^You are muted here until \S.+\.$/);
    expect(note()!.textContent).to.not.match(/hours|in \d/);
    const { mutes } = await sanctionsOf(await token(m, { roles: ['moderator'] }), u);
    const days = (Date.parse(mutes[0]!.until) - Date.now()) / 86_400_000;
    expect(days).to.be.within(6.99, 7.01);
    expect(mutes[0]!.reason).to.equal('muted from the chat');
  });

  it('bans for the length and reason chosen, and the banned user is told until when', async () => {
    const room = ticker('N');
    const u = `mbu-${run}`;
    const m = `mbm-${run}`;
    const user = await widget(u, { room });
    const mod = await widget(m, { room, roles: ['moderator'] });
    await say(user, 'buy my course');
    await press(mod, 'buy my course', 'action-ban');
    const shown = await dialog(mod, 'sanction-dialog');
    expect(shown.querySelector('h2')!.textContent).to.equal(`Ban ${nameOf(u)} from the chat?`);
    shown.querySelectorAll<HTMLInputElement>('input[name="minutes"]')[1]!.click();
    (shown.querySelector('textarea[name="reason"]') as HTMLTextAreaElement).value = 'scam';
    shown.querySelector<HTMLElement>('[part="dialog-confirm"]')!.click();

    await until(
      () => part(user, 'composer-note')?.dataset.kind === 'banned',
      'the ban did not reach the user',
      15_000,
    );
    const { ban } = await sanctionsOf(await token(m, { roles: ['moderator'] }), u);
    expect(ban?.reason).to.equal('scam');
    const hours = (Date.parse(ban!.until!) - Date.now()) / 3_600_000;
    expect(hours).to.be.within(23.9, 24.1);
  });
});
