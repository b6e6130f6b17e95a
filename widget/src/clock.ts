/**
 * The time relative times ("5 minutes ago") and the element's clock are read
 * from: `Date.now()`, behind one seam so a test can move it forward instead of
 * waiting minutes. Internal: not exported from the bundle's entry.
 */
export const clock = { now: (): number => Date.now() };
