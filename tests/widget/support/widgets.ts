/**
 * Shared setup of the component tests that run against the real server (the
 * plugin in web-test-runner.config.mjs starts it once, on port 0): signed-in
 * <stock-chat> widgets, one or two users at a time, and the DOM look-ups the
 * tests share. `useRealServer()` registers the hooks; every widget mounted
 * through here is removed after each test.
 */
import { oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../../widget/src/index.js';
import type { StockChat } from '../../../widget/src/stock-chat.js';

/** Unique per page load, so ids and rooms never collide with another file's. */
export const run = Math.random().toString(36).slice(2, 8);

let url = '';
const mounted: StockChat[] = [];

/** The real server's URL (after `useRealServer()`'s `before` ran). */
export const serverUrl = (): string => url;

/** Asks for the server before the first test and unmounts every widget after each. */
export function useRealServer(): void {
  before(async function () {
    this.timeout(60_000); // the first file to ask starts the server: slow on a loaded machine
    ({ url } = (await executeServerCommand('stock-chat-server')) as { url: string });
  });
  afterEach(function () {
    for (const el of mounted.splice(0)) el.remove();
    plainError(this.currentTest?.err);
  });
}

/**
 * web-test-runner serializes a failed assertion's `actual` and `expected` to report
 * them; a DOM node there (`expect(part(el, 'x')).to.equal(null)`) took it minutes, and
 * the file ended as "did not finish" with no message. Nodes become their tag and part.
 */
function plainError(err: (Error & { actual?: unknown; expected?: unknown }) | undefined): void {
  if (!err) return;
  const plain = (v: unknown) =>
    v instanceof Element
      ? `<${v.localName} part="${v.getAttribute('part') ?? ''}">`
      : v instanceof Node
        ? v.nodeName
        : v;
  err.actual = plain(err.actual);
  err.expected = plain(err.expected);
}

/** "amy-x1" -> "Amy-x1": the display name the tests put in tokens. */
export const nameOf = (sub: string): string => sub[0].toUpperCase() + sub.slice(1);

export interface TokenFor {
  name?: string;
  friends?: string[];
  avatar?: string;
  /** Server roles, e.g. `['moderator']`. */
  roles?: string[];
}

/** A token from the server's development endpoint (which also makes `friends` friends). */
export const token = (sub: string, opts: TokenFor = {}): Promise<string> =>
  executeServerCommand('stock-chat-token', {
    sub,
    name: opts.name ?? nameOf(sub),
    friends: opts.friends ?? [],
    ...(opts.avatar ? { avatar: opts.avatar } : {}),
    ...(opts.roles ? { roles: opts.roles } : {}),
  }) as Promise<string>;

/** A ticker room no other test uses: `$` + a letter + four random letters. */
export function ticker(first = 'Q'): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `$${first}${Array.from({ length: 4 }, () => letters[Math.floor(Math.random() * 26)]).join('')}`;
}

/** The DM room id of two users. */
export const dmRoom = (a: string, b: string): string => (a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`);

export interface WidgetOptions extends TokenFor {
  /** Opened at start (the `room` attribute). */
  room?: string;
  locale?: string;
}

/** Mounts a signed-in inline widget and waits for `stock-chat-ready` (rooms subscribed). */
export async function widget(sub: string, opts: WidgetOptions = {}): Promise<StockChat> {
  const el = document.createElement('stock-chat');
  el.mode = 'inline';
  el.server = url;
  el.token = await token(sub, opts);
  if (opts.room) el.room = opts.room;
  if (opts.locale) el.locale = opts.locale;
  const ready = oneEvent(el, 'stock-chat-ready');
  document.body.append(el);
  mounted.push(el);
  await ready;
  await el.updateComplete;
  if (opts.room) await until(() => part(el, 'input'), `${sub} has no composer for ${opts.room}`);
  return el;
}

/**
 * Two users, each with their own widget: `a` mounts first. With `friends`, each
 * token names the other as a friend (so a DM between them is allowed). With
 * `room: 'dm'`, both open their DM.
 */
export async function twoWidgets(
  a: string,
  b: string,
  opts: { room?: string; friends?: boolean } = {},
): Promise<[StockChat, StockChat]> {
  const room = opts.room === 'dm' ? dmRoom(a, b) : opts.room;
  const friendsOf = (other: string) => (opts.friends || opts.room === 'dm' ? [other] : []);
  const first = await widget(a, { room, friends: friendsOf(b) });
  const second = await widget(b, { room, friends: friendsOf(a) });
  return [first, second];
}

export const part = (el: StockChat, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

export const parts = (el: StockChat, name: string): HTMLElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];

/** The names in one room-list section (`ticker`, `group` or `dm`). */
export const listed = (el: StockChat, kind: string): string[] =>
  [...el.shadowRoot!.querySelectorAll(`[aria-labelledby="section-${kind}"] .room-name`)].map(
    (n) => n.textContent ?? '',
  );

/** The texts of the messages on screen, oldest first. */
export const texts = (el: StockChat): string[] =>
  parts(el, 'message-text').map((n) => n.textContent ?? '');

/** The message item whose text contains `text`. */
export const messageWith = (el: StockChat, text: string): HTMLElement | null =>
  parts(el, 'message').find((m) => m.textContent?.includes(text)) ?? null;

/** Waits for a condition that needs server round trips: generous on a loaded machine. */
export const until = (check: () => unknown, message?: string, timeout = 10_000): Promise<void> =>
  waitUntil(check, message, { timeout });

/** Types `text` into the open room's composer and presses Enter. */
export async function say(el: StockChat, text: string): Promise<void> {
  const input = part(el, 'input') as HTMLTextAreaElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await sendKeys({ press: 'Enter' });
}
