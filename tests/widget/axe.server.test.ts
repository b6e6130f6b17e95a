import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  dmRoom,
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

// Issue 22: axe-core inside the widget's shadow DOM reports no violations, with the
// same rules the console's run uses (tests/e2e/admin-axe.test.ts): WCAG 2.x A and
// AA and best practices, in the states a reader meets.

useRealServer();

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

interface Axe {
  run(context: Element, options: unknown): Promise<{ violations: Violation[] }>;
}

/** axe's violations inside `el`, one line each with the first nodes. */
async function violations(el: StockChat): Promise<string[]> {
  const axe = (window as unknown as { axe: Axe }).axe;
  const result = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  });
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} ${v.nodes
        .slice(0, 3)
        .map((n) => JSON.stringify(n.target))
        .join(' ')}`,
  );
}

let rooms = 0;

async function busyRoom(): Promise<{ el: StockChat; room: string }> {
  const room = ticker('X');
  rooms += 1;
  const other = await widget(`axe-other${rooms}-${run}`, { room });
  await say(other, `first from the other side about ${room}`);
  const el = await widget(`axe${rooms}-${run}`, {
    room,
    friends: [`axe-friend-${run}`],
    avatar: 'https://example.invalid/a.png',
  });
  await until(
    () => (messageWith(el, 'first from the other side')?.dataset.seq ?? '0') !== '0',
    'not seen',
  );
  await say(el, 'an own message');
  await until(() => (messageWith(el, 'an own message')?.dataset.seq ?? '0') !== '0', 'not stored');
  messageWith(el, 'first from')!.querySelector<HTMLElement>('[part~="reply-button"]')!.click();
  await say(el, 'a reply');
  await until(() => (messageWith(el, 'a reply')?.dataset.seq ?? '0') !== '0', 'no reply');
  messageWith(el, 'a reply')!.querySelector<HTMLElement>('[part~="react-button"]')!.click();
  await until(() => part(el, 'reaction-option'), 'no picker');
  parts(el, 'reaction-option')[3].click();
  await until(() => part(el, 'reaction'), 'no reaction');
  return { el, room };
}

describe('<stock-chat> axe-core', () => {
  it('finds nothing in a room with messages, a quote, a reaction and a cashtag', async function () {
    this.timeout(30_000);
    const { el } = await busyRoom();
    expect(await violations(el)).to.deep.equal([]);
  });

  it('finds nothing with a message menu, the delete confirmation and the editor open', async function () {
    this.timeout(30_000);
    const { el } = await busyRoom();
    const own = messageWith(el, 'an own message')!;
    own.querySelector<HTMLElement>('[part~="message-actions-toggle"]')!.click();
    await until(() => part(el, 'message-menu'), 'no menu');
    expect(await violations(el)).to.deep.equal([], 'the menu');
    part(el, 'action-delete')!.click();
    await until(() => part(el, 'message-confirm'), 'no confirmation');
    expect(await violations(el)).to.deep.equal([], 'the confirmation');
    part(el, 'message-confirm')!.querySelector<HTMLElement>('button:not([part])')!.click();
    await until(() => !part(el, 'message-confirm'), 'the confirmation stayed');
    messageWith(el, 'an own message')!
      .querySelector<HTMLElement>('[part~="message-actions-toggle"]')!
      .click();
    await until(() => part(el, 'action-edit'), 'no menu again');
    part(el, 'action-edit')!.click();
    await until(() => part(el, 'edit-input'), 'no editor');
    expect(await violations(el)).to.deep.equal([], 'the editor');
  });

  it('finds nothing in the room list with the friends panel, a DM and a request', async function () {
    this.timeout(30_000);
    const friend = `axe-friend-${run}`;
    const el = await widget(`axe-list-${run}`, { friends: [friend] });
    await widget(friend, { friends: [`axe-list-${run}`] });
    await el.joinRoom(dmRoom(`axe-list-${run}`, friend));
    part(el, 'back')?.click();
    await until(() => part(el, 'friends'), 'no friends panel');
    expect(await violations(el)).to.deep.equal([]);
  });

  it('finds nothing on a 360 px wide screen in launcher mode, in the dark theme', async function () {
    this.timeout(30_000);
    await setViewport({ width: 360, height: 640 });
    try {
      const { el } = await busyRoom();
      el.mode = 'launcher';
      el.theme = 'dark';
      el.opened = true;
      await el.updateComplete;
      expect(await violations(el)).to.deep.equal([]);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
