import { createHash } from 'node:crypto';

/** How long an identical broadcast without a clientId counts as a retry of the first. */
export const BROADCAST_RETRY_WINDOW_MS = 10 * 60_000;

/**
 * The clientId of a broadcast that came without one: derived from who sends what to
 * which rooms, and the 10-minute window it falls in, so a retry of the same call
 * (its answer lost, say) finds the messages the first one stored instead of
 * posting them again. Returns this window's id and the previous window's: a retry
 * just after a window boundary reuses the earlier id when that one was stored.
 */
export function derivedBroadcastIds(
  senderId: string,
  rooms: readonly string[],
  text: string,
  now = Date.now(),
): { current: string; previous: string } {
  const digest = createHash('sha256')
    .update(JSON.stringify([senderId, [...rooms].sort(), text]))
    .digest('base64url')
    .slice(0, 32);
  const window = Math.floor(now / BROADCAST_RETRY_WINDOW_MS);
  return { current: `bc-${digest}-${window}`, previous: `bc-${digest}-${window - 1}` };
}
