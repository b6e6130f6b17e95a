/**
 * The room-id and cashtag rules, written once for the server, the widget, the
 * console and the diagnose suite. A room id is `$AAPL` (ticker), `g:<id>`
 * (group) or `dm:<a>:<b>` (direct, the two user ids sorted). See docs/protocol.md.
 */
import type { RoomId, RoomKind } from './wire.js';

/** A user id: 1–64 of `A-Z a-z 0-9 _ . @ -`, so it never contains the `:` that room ids use. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

/** A ticker symbol: 1–6 letters, optionally a one-letter class (`BRK.A`). */
const SYMBOL = '[A-Za-z]{1,6}(?:\\.[A-Za-z])?';
const TICKER_ROOM = new RegExp(`^\\$(${SYMBOL})$`);
const TICKER_INPUT = new RegExp(`^\\$?(${SYMBOL})$`);
const GROUP_ROOM = /^g:[A-Za-z0-9_-]{1,64}$/;
/** A cashtag in text: not glued to a word or another `$` before (`US$5`), nor to a word or dot after. */
const CASHTAG_SOURCE = `(?<![\\w$])\\$(${SYMBOL})(?![\\w.])`;

/** A valid room id, normalised, with what its kind implies. */
export type ParsedRoom =
  | { kind: 'ticker'; id: RoomId }
  | { kind: 'group'; id: RoomId }
  | { kind: 'dm'; id: RoomId; users: readonly [string, string] };

/** The two user ids of a DM, sorted: the one order every store and room id uses. */
export function dmPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The DM room of two users: `dm:<a>:<b>` with the ids sorted. */
export function dmRoomId(a: string, b: string): RoomId {
  const [first, second] = dmPair(a, b);
  return `dm:${first}:${second}`;
}

/** Validates and normalises a room id (`$aapl` -> `$AAPL`); null when it is none. */
export function parseRoomId(raw: string): ParsedRoom | null {
  const ticker = TICKER_ROOM.exec(raw);
  if (ticker) return { kind: 'ticker', id: `$${(ticker[1] ?? '').toUpperCase()}` };
  if (GROUP_ROOM.test(raw)) return { kind: 'group', id: raw };
  if (raw.startsWith('dm:')) {
    const parts = raw.split(':');
    const [a, b] = [parts[1] ?? '', parts[2] ?? ''];
    if (parts.length === 3 && USER_ID_PATTERN.test(a) && USER_ID_PATTERN.test(b) && a !== b) {
      const users = dmPair(a, b);
      return { kind: 'dm', id: dmRoomId(a, b), users };
    }
  }
  return null;
}

/** The kind of room an id names, by its prefix alone (for ids the server already issued). */
export function roomKindOf(room: RoomId): RoomKind {
  if (room.startsWith('dm:')) return 'dm';
  if (room.startsWith('g:')) return 'group';
  return 'ticker';
}

/** In a DM room id, the user other than `me`; undefined for other rooms. */
export function dmPeer(room: RoomId, me: string): string | undefined {
  if (!room.startsWith('dm:')) return undefined;
  return room
    .split(':')
    .slice(1)
    .find((id) => id !== me);
}

/** Turns `tsla`, `$tsla` or ` $BRK.a ` into `$TSLA` / `$BRK.A`; null when it is no ticker. */
export function normalizeTicker(input: string): RoomId | null {
  const match = TICKER_INPUT.exec(input.trim());
  return match ? `$${(match[1] ?? '').toUpperCase()}` : null;
}

/** Cashtags in a message, normalised and de-duplicated in order of appearance. */
export function extractCashtags(text: string): string[] {
  // On the send path: one regex pass, no text runs built.
  const seen = new Set<string>();
  for (const match of text.matchAll(new RegExp(CASHTAG_SOURCE, 'g')))
    seen.add(`$${(match[1] ?? '').toUpperCase()}`);
  return [...seen];
}

/** A run of message text: plain text or a cashtag (with the ticker room it opens). */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'cashtag'; text: string; room: RoomId };

/** Splits message text into text runs and cashtags, in order. */
export function splitCashtags(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(new RegExp(CASHTAG_SOURCE, 'g'))) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({
      kind: 'cashtag',
      text: match[0],
      room: `$${(match[1] ?? '').toUpperCase()}`,
    });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
