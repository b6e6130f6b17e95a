import type { RoomId, RoomKind } from '../protocol.js';
import { badRequest } from './errors.js';

/** A user id: 1–64 of `A-Z a-z 0-9 _ . @ -`, so it never contains the `:` that room ids use. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
const TICKER = /^\$([A-Za-z]{1,6}(?:\.[A-Za-z])?)$/;
const GROUP = /^g:[A-Za-z0-9_-]{1,64}$/;
const CASHTAG = /(?<![\w$])\$([A-Za-z]{1,6}(?:\.[A-Za-z])?)(?![\w.])/g;

export interface ParsedRoom {
  id: RoomId;
  kind: RoomKind;
  /** For a DM, the two user ids, sorted. */
  users?: [string, string];
}

/** Validates and normalises a room id (`$aapl` -> `$AAPL`); throws `bad_request` otherwise. */
export function parseRoom(raw: string): ParsedRoom {
  const ticker = TICKER.exec(raw);
  if (ticker) return { id: `$${ticker[1]!.toUpperCase()}`, kind: 'ticker' };
  if (GROUP.test(raw)) return { id: raw, kind: 'group' };
  if (raw.startsWith('dm:')) {
    const parts = raw.split(':');
    const [a, b] = [parts[1] ?? '', parts[2] ?? ''];
    if (parts.length === 3 && USER_ID_PATTERN.test(a) && USER_ID_PATTERN.test(b) && a !== b) {
      return { id: dmRoomId(a, b), kind: 'dm', users: a < b ? [a, b] : [b, a] };
    }
  }
  throw badRequest(`"${raw.slice(0, 80)}" is not a room id ($TICKER, g:<id> or dm:<a>:<b>)`);
}

/** The DM room of two users: `dm:<a>:<b>` with the ids sorted. */
export function dmRoomId(a: string, b: string): RoomId {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

/** Cashtags in a message, normalised and de-duplicated in order of appearance. */
export function extractCashtags(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(CASHTAG)) seen.add(`$${match[1]!.toUpperCase()}`);
  return [...seen];
}
