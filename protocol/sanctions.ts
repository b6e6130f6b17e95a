/**
 * Mute and ban lengths. A mute always has an end in the store, so a mute "until
 * lifted" ends at `UNTIL_LIFTED`, which clients show as "until lifted".
 */
export const UNTIL_LIFTED = '9999-12-31T23:59:59.999Z';

/** Whether a mute's or ban's `until` means it lasts until a moderator lifts it. */
export const isUntilLifted = (until: string | null): boolean =>
  until === null || until >= UNTIL_LIFTED;

/** The lengths the console offers, in minutes (null: until lifted). */
export const SANCTION_LENGTHS: readonly { label: string; minutes: number | null }[] = [
  { label: '1 hour', minutes: 60 },
  { label: '24 hours', minutes: 1440 },
  { label: '7 days', minutes: 10_080 },
  { label: 'Permanent', minutes: null },
];
