import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { clock } from '../../widget/src/clock.js';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  dmRoom,
  listed,
  nameOf,
  part,
  parts,
  run,
  twoWidgets,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Rooms and people in <stock-chat> (leave, mute, counts, members, unfriend,
// decline, cancel, display names, room paging), two users at a time, against the
// real server started by the plugin in web-test-runner.config.mjs (port 0).

useRealServer();

/** Letters only, for ticker symbols unique to this run. */
const sym = run
  .replace(/[^a-z]/g, '')
  .slice(0, 2)
  .toUpperCase()
  .padEnd(2, 'Q');

const roomItem = (el: StockChat, room: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[data-room="${room}"]`)?.closest('li') ?? null;

async function addFriend(el: StockChat, to: string): Promise<void> {
  (part(el, 'add-friend-input') as HTMLInputElement).value = to;
  part(el, 'add-friend-button')!.click();
  const sent = `Friend request sent to ${nameOf(to)}.`;
  await until(() => part(el, 'add-friend-outcome')!.textContent!.trim() === sent, 'not sent');
}

describe('<stock-chat> ticker rooms', () => {
  it('leaves a ticker room from the list, in every tab, and joins it again', async () => {
    const a = `lia-${run}`;
    const room = `$L${sym}`;
    const tab1 = await widget(a);
    const tab2 = await widget(a);
    await tab1.joinRoom(room);
    await tab2.joinRoom(room);
    await until(() => listed(tab2, 'ticker').includes(room), 'not listed');
    const leave = part(tab1, 'leave')!;
    expect(leave.getAttribute('aria-label')).to.equal(`Leave ${room}`);
    leave.click();
    await until(() => !listed(tab1, 'ticker').includes(room), 'still listed here');
    await until(() => !listed(tab2, 'ticker').includes(room), 'still listed in the other tab');
    const reloaded = await widget(a);
    expect(listed(reloaded, 'ticker')).to.not.include(room);
    expect(await reloaded.joinRoom(room)).to.equal(true);
    await until(() => listed(reloaded, 'ticker').includes(room), 'join did not bring it back');
  });

  it('shows member and online counts that follow a second user live', async () => {
    const room = `$C${sym}`;
    const ann = await widget(`cia-${run}`);
    await ann.joinRoom(room);
    await until(() => part(ann, 'member-count')?.textContent?.trim() === 'Members: 1 · online: 1');
    const ben = await widget(`cib-${run}`);
    await ben.joinRoom(room);
    await until(
      () => part(ann, 'member-count')?.textContent?.trim() === 'Members: 2 · online: 2',
      'the second user did not show live',
    );
    ben.remove();
    await until(
      () => part(ann, 'member-count')?.textContent?.trim() === 'Members: 2 · online: 1',
      'the online count did not drop',
    );
  });

  it('mutes a room: no badge growth, kept across a reload, and unmutes', async () => {
    const room = `$M${sym}`;
    const a = `mia-${run}`;
    const [mia, poster] = await twoWidgets(a, `mib-${run}`);
    await mia.joinRoom(room);
    await poster.joinRoom(room);
    part(mia, 'mute-toggle')!.click();
    await until(() => part(mia, 'mute-toggle')!.getAttribute('aria-pressed') === 'true');
    part(mia, 'back')!.click();
    const other = await widget(a);
    await until(() => roomItem(other, room)?.textContent?.includes('Muted'), 'no muted mark');
    const input = part(poster, 'input') as HTMLTextAreaElement;
    const arrived = oneEvent(other, 'stock-chat-message');
    input.value = 'noise';
    part(poster, 'send')!.click();
    await arrived;
    await other.updateComplete;
    expect(roomItem(other, room)!.querySelector('[part~="unread"]') === null).to.equal(true);
    expect(mia.shadowRoot!.querySelector('[part~="unread"]') === null).to.equal(true);
    // Unmuting on one device reaches the other live.
    (other.shadowRoot!.querySelector(`[data-room="${room}"]`) as HTMLElement).click();
    await until(() => part(other, 'mute-toggle'));
    part(other, 'mute-toggle')!.click();
    await until(() => !roomItem(mia, room)?.textContent?.includes('Muted'), 'unmute not live');
  });
});

describe('<stock-chat> people', () => {
  it('lists a group with display names and presence', async () => {
    const a = `gia-${run}`;
    const b = `gib-${run}`;
    const photo = `https://example.com/avatars/${b}.png`;
    await widget(b, { name: 'Gibson', avatar: photo });
    const gia = await widget(a, { friends: [b] });
    part(gia, 'new-group-toggle')!.click();
    (part(gia, 'group-name') as HTMLInputElement).value = `Desk ${run}`;
    gia.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${b}"]`)!.click();
    part(gia, 'group-create')!.click();
    await until(() => part(gia, 'members'), 'no member list');
    part(gia, 'member-count')!.click();
    await until(() => parts(gia, 'member').length === 2, 'members not loaded');
    const [mine, his] = parts(gia, 'member');
    // Avatars: initials for a token without a picture, the https picture otherwise.
    expect(mine.querySelector('[part~="avatar"]')!.textContent!.trim()).to.equal('G');
    expect(his.querySelector('[part~="avatar"] img')!.getAttribute('src')).to.equal(photo);
    // The row reads: avatar (initials come first in the text), name, presence.
    const rows = [mine, his].map((m) => {
      const initials = m.querySelector('[part~="avatar"]')!.textContent!;
      return m.textContent!.replace(initials, '').replace(/\s+/g, ' ').trim();
    });
    expect(rows).to.deep.equal([`${nameOf(a)}Online`, 'GibsonOnline']);
    // The header (counts, member list, mute) and the friends list pass axe.
    await expect(gia).to.be.accessible();
  });

  it('shows friends by the name in their token, even when first known by id', async () => {
    const a = `nia-${run}`;
    const b = `nib-${run}`;
    // The dev token makes `b` a friend before b ever signed in: known by id only.
    const nia = await widget(a, { friends: [b] });
    await until(() => listed(nia, 'dm').includes(b), 'friend not listed by id first');
    await widget(b, { name: 'Nibbles' });
    await until(() => listed(nia, 'dm').includes('Nibbles'), 'name not taken from the token');
    expect(part(nia, 'friend')!.textContent).to.contain('Nibbles');
  });

  it('moves the "Last seen" of an offline friend on by itself as time passes, with no new event', async () => {
    const [a, b] = [`lsa-${run}`, `lsb-${run}`];
    const [amy, bob] = await twoWidgets(a, b, { friends: true });
    const seen = () => roomItem(amy, dmRoom(a, b))?.querySelector('.room-sub')?.textContent;
    await until(() => seen() === 'Online', 'bob never showed online');
    bob.remove();
    await until(() => seen() === 'Last seen now', 'bob never went offline');
    // Five minutes on, for the widget only: its clock (a 1 s tick) must redraw the row unasked.
    const real = clock.now;
    clock.now = () => real() + 5 * 60_000;
    try {
      await until(
        () => seen() === 'Last seen 5 minutes ago',
        'the relative time stood still',
        5000,
      );
    } finally {
      clock.now = real;
    }
  });

  it('unfriends, declines and cancels, each seen live on the other side', async () => {
    const [a, b, c] = [`uia-${run}`, `uib-${run}`, `uic-${run}`];
    const [amy, bob] = await twoWidgets(a, b, { friends: true });
    const cal = await widget(c);
    await until(() => listed(bob, 'dm').includes(nameOf(a)), 'no DM before');
    part(amy, 'unfriend')!.click();
    await until(() => !listed(bob, 'dm').includes(nameOf(a)), 'unfriend not live');
    await until(() => !listed(amy, 'dm').includes(nameOf(b)));

    await addFriend(amy, b);
    await until(() => part(bob, 'decline'), 'request not live');
    expect(part(bob, 'decline')!.getAttribute('aria-label')).to.equal(
      `Decline friend request from ${nameOf(a)}`,
    );
    part(bob, 'decline')!.click();
    await until(() => !part(amy, 'friend-request-outgoing'), 'decline not live');

    await addFriend(amy, c);
    await until(() => part(cal, 'friend-request'), 'request not live');
    await until(() => part(amy, 'cancel-request'), 'no Cancel on the sent request');
    part(amy, 'cancel-request')!.click();
    await until(() => !part(cal, 'friend-request'), 'cancel not live');
  });

  it('reads every page of the room list', async () => {
    const a = `pia-${run}`;
    await executeServerCommand('stock-chat-seed-rooms', { sub: a, prefix: 'P', count: 105 });
    const el = await widget(a);
    expect(listed(el, 'ticker').length).to.equal(105);
  });
});
