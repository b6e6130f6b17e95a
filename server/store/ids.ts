import { randomBytes } from 'node:crypto';

let last = 0;
let counter = 0;

/**
 * An id that sorts by creation time (base-36 milliseconds, then a per-millisecond
 * counter, then randomness), so "newest first" lists can page by id on both adapters.
 */
export function sortableId(now = Date.now()): string {
  counter = now === last ? counter + 1 : 0;
  last = now;
  return (
    now.toString(36).padStart(9, '0') +
    counter.toString(36).padStart(4, '0') +
    randomBytes(4).toString('hex')
  );
}
