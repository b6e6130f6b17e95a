import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type Socket } from 'socket.io-client';
import type { StockChat } from '../../widget/src/stock-chat.js';
import {
  messageWith,
  part,
  parts,
  run,
  serverUrl,
  ticker,
  token,
  until,
  useRealServer,
  widget,
} from './support/widgets.js';

// Issue 22, Major 5, in real Chromium against the real server: a room with
// unread messages opens at the first of them (fetched when it is far back in a
// long room), offers "jump to latest" and "Mark as read" while away from the
// newest, and a busy room's read marks are sent a few at a time.

useRealServer();

/** The seqs of the message rows drawn, top to bottom. */
const drawnSeqs = (el: StockChat): number[] =>
  parts(el, 'message').map((row) => Number(row.dataset.seq));

/** A socket of `sub`'s own, for what the test does on their behalf. */
async function socketOf(sub: string): Promise<Socket> {
  const socket = io(serverUrl(), { auth: { token: await token(sub) }, transports: ['websocket'] });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

/** Emits an acknowledged event and returns its data (fails the test on a refusal). */
async function ask<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; data: T };
  expect(ack.ok, `${event} refused`).to.equal(true);
  return ack.data;
}

/** A ticker room of `count` seeded messages that `sub` has joined and read up to `readSeq`. */
async function roomReadUpTo(sub: string, count: number, readSeq: number): Promise<string> {
  const room = ticker('U');
  await executeServerCommand('stock-chat-seed-messages', { room, count });
  const socket = await socketOf(sub);
  await ask(socket, 'join_chat', { room });
  if (readSeq) await ask(socket, 'mark_read', { room, seq: readSeq });
  socket.close();
  return room;
}

/** The read mark the server holds for `sub` in `room` (from the room list). */
async function serverReadSeq(sub: string, room: string): Promise<number> {
  const res = await fetch(`${serverUrl()}/api/rooms`, {
    headers: { authorization: `Bearer ${await token(sub)}` },
  });
  const { rooms } = (await res.json()) as { rooms: { id: string; readSeq: number }[] };
  return rooms.find((r) => r.id === room)?.readSeq ?? -1;
}

/** Polls the server (not every 50 ms: each poll is a REST call) until `sub`'s read mark is `seq`. */
const serverReadReaches = (sub: string, room: string, seq: number): Promise<void> =>
  waitUntil(async () => (await serverReadSeq(sub, room)) === seq, `read mark not at ${seq}`, {
    timeout: 10_000,
    interval: 250,
  });

/** The room list's unread badge of `room` ('' when it has none). */
const badgeOf = (el: StockChat, room: string): string =>
  el.shadowRoot!.querySelector(`[data-room="${room}"] [part~="unread"]`)?.textContent?.trim() ?? '';

/** Whether `row` is inside the list's viewport, and how far (px) below its top. */
function inView(el: StockChat, row: Element): { visible: boolean; fromTop: number } {
  const view = part(el, 'messages')!.getBoundingClientRect();
  const box = row.getBoundingClientRect();
  return { visible: box.top >= view.top && box.bottom <= view.bottom, fromTop: box.top - view.top };
}

/** The first message row at the top of the list's view, and how far (px) below its top it starts. */
function topRow(el: StockChat): { seq: number; fromTop: number } {
  const top = part(el, 'messages')!.getBoundingClientRect().top;
  const row = parts(el, 'message').find((r) => r.getBoundingClientRect().bottom > top)!;
  return { seq: Number(row.dataset.seq), fromTop: row.getBoundingClientRect().top - top };
}

const atEnd = (list: HTMLElement): boolean =>
  list.scrollHeight - list.scrollTop - list.clientHeight < 40;

describe('<stock-chat> opening a room with unread messages', () => {
  it('opens at the first unread message far back in a long room, the divider near the top, the room still unread', async function () {
    this.timeout(60_000);
    const sub = `returning-${run}`;
    const room = await roomReadUpTo(sub, 1000, 950);
    const el = await widget(sub, { room });
    await until(() => part(el, 'unread-divider'), 'no unread divider');
    const divider = part(el, 'unread-divider')!;
    // The divider heads seq 951, not the first message of the newest page.
    expect((divider.nextElementSibling as HTMLElement).dataset.seq).to.equal('951');
    await until(() => inView(el, divider).visible, 'the divider is not in view');
    expect(inView(el, divider).fromTop).to.be.below(part(el, 'messages')!.clientHeight / 3);
    expect(inView(el, divider.nextElementSibling!).visible).to.equal(true);
    expect(drawnSeqs(el)).to.not.include(1000);
    // Not read by opening: the room list still counts the 50, and so does the jump button.
    expect(badgeOf(el, room)).to.equal('50');
    await until(() => part(el, 'new-messages'), 'no jump-to-latest button');
    expect(part(el, 'new-messages')!.textContent).to.contain('50 new messages');
    expect(part(el, 'mark-read')!.textContent!.trim()).to.equal('Mark as read');
    expect(await serverReadSeq(sub, room)).to.equal(950);
  });

  it('marks the room read without scrolling, then jumps to the latest message when asked', async function () {
    this.timeout(60_000);
    const sub = `marker-${run}`;
    const room = await roomReadUpTo(sub, 1000, 950);
    const el = await widget(sub, { room });
    await until(() => part(el, 'mark-read'), 'no mark-as-read button');
    const list = part(el, 'messages')!;
    const before = topRow(el);
    part(el, 'mark-read')!.click();
    await until(() => badgeOf(el, room) === '', 'the room list still counts unread messages');
    await serverReadReaches(sub, room, 1000);
    await until(() => !part(el, 'mark-read'), 'the mark-as-read button stays');
    // The same message at the top of the view, where it was.
    const after = topRow(el);
    expect(after.seq).to.equal(before.seq);
    expect(Math.abs(after.fromTop - before.fromTop)).to.be.below(2);
    // Still away from the newest: the button now only offers to go there.
    expect(part(el, 'new-messages')!.textContent!.trim()).to.equal('Jump to latest ↓');
    part(el, 'new-messages')!.click();
    await until(() => drawnSeqs(el).includes(1000), 'the newest message is not drawn');
    await until(() => atEnd(list), 'not scrolled to the end');
    await until(() => !part(el, 'new-messages'), 'the jump button stays at the newest');
  });

  it('marks the room read once the reader has read down to the newest message', async function () {
    this.timeout(90_000);
    const sub = `scroller-${run}`;
    const room = await roomReadUpTo(sub, 1000, 950);
    const el = await widget(sub, { room });
    await until(() => part(el, 'unread-divider'), 'no unread divider');
    const list = part(el, 'messages')!;
    for (let page = 0; page < 10 && !(drawnSeqs(el).includes(1000) && atEnd(list)); page += 1) {
      const newest = Math.max(...drawnSeqs(el));
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event('scroll'));
      await until(
        () => Math.max(...drawnSeqs(el)) > newest || (newest === 1000 && atEnd(list)),
        `nothing after seq ${newest}`,
      );
    }
    expect(drawnSeqs(el)).to.include(1000);
    await until(() => badgeOf(el, room) === '', 'the room list still counts unread messages');
    await serverReadReaches(sub, room, 1000);
    await until(() => !part(el, 'new-messages') && !part(el, 'mark-read'), 'the buttons stay');
  });

  it('opens a room without unread messages at the newest, with no jump buttons', async function () {
    this.timeout(60_000);
    const sub = `uptodate-${run}`;
    const room = await roomReadUpTo(sub, 400, 400);
    const el = await widget(sub, { room });
    await until(() => drawnSeqs(el).includes(400), 'the newest message is not drawn');
    const list = part(el, 'messages')!;
    await until(() => atEnd(list), 'not at the end');
    expect(part(el, 'unread-divider')).to.equal(null);
    expect(part(el, 'new-messages')).to.equal(null);
    expect(part(el, 'mark-read')).to.equal(null);
    expect(messageWith(el, 'seeded message 400')).to.not.equal(null);
  });
});

describe('<stock-chat> read marks in a busy room', () => {
  it('sends a few mark_read for 100 messages arriving at once, the last seq winning', async function () {
    this.timeout(60_000);
    const sub = `busyreader-${run}`;
    const room = await roomReadUpTo(sub, 10, 10);
    const el = await widget(sub, { room });
    await until(() => drawnSeqs(el).includes(10), 'the newest message is not drawn');
    const socket = (el as unknown as { chat: { connection: { socket: Socket } } }).chat.connection
      .socket;
    let marks = 0;
    socket.onAnyOutgoing((event: string) => {
      if (event === 'mark_read') marks += 1;
    });
    // Ten writers, ten messages each (within the per-user limit of 20 per 10 s).
    const writers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => socketOf(`burst${i}-${run}`)),
    );
    const started = performance.now();
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 10; i += 1)
          await ask(writer, 'send_message', {
            room,
            text: `burst ${w}.${i}`,
            clientId: `b${w}.${i}`,
          });
      }),
    );
    for (const writer of writers) writer.close();
    await until(() => drawnSeqs(el).includes(110), 'the last message is not drawn');
    await serverReadReaches(sub, room, 110);
    const elapsed = performance.now() - started;
    // At most one every 500 ms, plus the first at once.
    expect(marks).to.be.at.most(Math.ceil(elapsed / 500) + 1);
    expect(marks).to.be.below(20);
    expect(badgeOf(el, room)).to.equal('');
  });
});
