/**
 * Cashtag parsing for the composer and the message renderer. The server owns the
 * canonical form; these helpers only mirror DESIGN.md §3 so the widget can open
 * `$tsla` as `$TSLA` and split text into text runs and chips.
 */

const TICKER = /^\$?([A-Za-z]{1,6}(?:\.[A-Za-z])?)$/;
const CASHTAG_IN_TEXT = /\$[A-Za-z]{1,6}(?:\.[A-Za-z])?(?![A-Za-z0-9_.])/g;

/** A run of message text: plain text or a cashtag chip. */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'cashtag'; text: string; room: string };

/** Turns `tsla`, `$tsla` or `$BRK.a` into `$TSLA` / `$BRK.A`; null when it is no ticker. */
export function normalizeTicker(input: string): string | null {
  const match = TICKER.exec(input.trim());
  return match ? `$${match[1].toUpperCase()}` : null;
}

/** Whether a room id names a ticker room. */
export function isTickerRoom(room: string): boolean {
  return room.startsWith('$');
}

/** Splits message text into text runs and cashtags, in order. */
export function splitCashtags(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CASHTAG_IN_TEXT)) {
    const start = match.index ?? 0;
    // A `$` glued to a word (`US$5`) is money, not a cashtag.
    if (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'cashtag', text: match[0], room: match[0].toUpperCase() });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
