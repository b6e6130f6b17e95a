/**
 * The geometry of the windowed message list: each row's height as last measured
 * (rows not drawn yet count as the average of those that were), the offsets that
 * follow from them, and the rows a band of the list overlaps. Only those rows are
 * drawn; two spacers stand in for the rest, so the scroll height stays about right.
 */

/** Rows drawn at least, so a short room is drawn whole and a fast scroll lands on rows. */
export const MIN_ROWS = 24;

export class ListWindow {
  private readonly heights = new Map<string, number>();
  private sum = 0;

  /** The height a row not measured yet is taken to have. */
  get estimate(): number {
    return this.heights.size ? this.sum / this.heights.size : 64;
  }

  /** Records a row's height (px, the gap after it included); true when it changed. */
  measure(key: string, height: number): boolean {
    const held = this.heights.get(key);
    if (held === height) return false;
    this.sum += height - (held ?? 0);
    this.heights.set(key, height);
    // Forgets every height now and then: the room holds a few hundred rows, a session sees more.
    if (this.heights.size > 5000) {
      this.heights.clear();
      this.sum = 0;
    }
    return true;
  }

  /** The top of each row and, last, the total height. */
  offsets(keys: readonly string[]): number[] {
    const estimate = this.estimate;
    const offsets = [0];
    for (const key of keys)
      offsets.push(offsets[offsets.length - 1] + (this.heights.get(key) ?? estimate));
    return offsets;
  }
}

/**
 * The rows `[start, end)` that overlap `[top, bottom]`, widened to `MIN_ROWS`
 * around them when there are that many.
 */
export function rowsIn(offsets: readonly number[], top: number, bottom: number): [number, number] {
  const rows = offsets.length - 1;
  let start = firstBelow(offsets, top);
  let end = Math.max(start + 1, firstBelow(offsets, bottom) + 1);
  const missing = MIN_ROWS - (end - start);
  if (missing > 0) {
    start = Math.max(0, start - Math.ceil(missing / 2));
    end = Math.min(rows, start + MIN_ROWS);
    start = Math.max(0, end - MIN_ROWS);
  }
  return [Math.min(start, rows), Math.min(end, rows)];
}

/** The index of the row whose span holds `y` (binary search on the offsets). */
function firstBelow(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
