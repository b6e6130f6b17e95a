/**
 * The reaction set, written once for the server (which refuses anything else)
 * and the widget (which offers exactly these, in this order): a small fixed set
 * suited to a market chat rather than a free emoji picker.
 */
export const REACTIONS = ['👍', '👎', '🚀', '🐂', '🐻', '😂', '❤️', '👀'] as const;

/** One of `REACTIONS`. */
export type ReactionEmoji = (typeof REACTIONS)[number];

/** Whether `value` is one of the offered reactions. */
export function isReaction(value: string): value is ReactionEmoji {
  return (REACTIONS as readonly string[]).includes(value);
}
