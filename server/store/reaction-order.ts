import { REACTIONS } from '../../protocol/reactions.js';
import type { Reaction } from '../../protocol/wire.js';

const rank = (emoji: string) => REACTIONS.indexOf(emoji as (typeof REACTIONS)[number]);

/**
 * A message's reaction counts in the one order both adapters keep: first used
 * first, and reactions first used in the same millisecond in the palette's order.
 */
export function orderCounts(
  rows: { emoji: string; count: number; first: string | Date }[],
): Reaction[] {
  const at = (v: string | Date) => (typeof v === 'string' ? Date.parse(v) : v.getTime());
  return [...rows]
    .sort((a, b) => at(a.first) - at(b.first) || rank(a.emoji) - rank(b.emoji))
    .map(({ emoji, count }) => ({ emoji, count }));
}

/** The reactions one user chose on a message, in the palette's order. */
export const inPaletteOrder = (emojis: string[]) => [...emojis].sort((a, b) => rank(a) - rank(b));
