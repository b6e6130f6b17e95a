/**
 * How many bits of guessing a configured secret is estimated to hold, for the
 * production checks in config.ts. A generated secret (`openssl rand -hex 32`,
 * `openssl rand -base64 32`) scores what its alphabet gives per character; what
 * a person types to fill a length rule scores what it takes to describe: a
 * stretch that repeats an earlier one ("passwordpassword…") costs its position
 * and length, and a stretch of one step ("0123456789", "abcdef…", "xxxx") its
 * first character, its step and its length.
 */

/** What every production secret must hold: the strength of a 128-bit key. */
export const MIN_SECRET_BITS = 128;

/** How to make a secret that passes, for every error that refuses one. */
export const SECRET_HOWTO = 'generate one with `openssl rand -hex 32`';

/** Standard alphabets, smallest first: a secret is scored by the first that holds all of it. */
const ALPHABETS: readonly (readonly [RegExp, number])[] = [
  [/^[0-9]*$/, 10],
  [/^[0-9a-f]*$/, 16],
  [/^[0-9A-F]*$/, 16],
  [/^[a-z]*$/, 26],
  [/^[A-Z]*$/, 26],
  [/^[0-9a-z]*$/, 36],
  [/^[0-9A-Z]*$/, 36],
  [/^[a-zA-Z]*$/, 52],
  [/^[0-9a-zA-Z]*$/, 62],
  [/^[0-9a-zA-Z+/=]*$/, 64],
  [/^[0-9a-zA-Z\-_=]*$/, 64],
  [/^[\x20-\x7e]*$/, 95],
];

/** A UUID carries at most 122 random bits (version 4), whatever its length suggests. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_BITS = 122;

/** Repeats and steps shorter than this are left to chance: random text has a few. */
const MIN_PATTERN = 4;
/** Only this many characters are scored (the scan is quadratic); far more than a 128-bit secret needs. */
const SCORED_CHARS = 4096;

function alphabetSize(secret: string, codePoints: number): number {
  const known = ALPHABETS.find(([pattern]) => pattern.test(secret));
  return known ? known[1] : Math.max(95, codePoints);
}

/** Length of the stretch at `i` that also starts at some earlier position (overlap allowed). */
function repeatAt(cps: readonly number[], i: number): number {
  let best = 0;
  for (let j = 0; j < i; j++) {
    let n = 0;
    while (i + n < cps.length && cps[j + n] === cps[i + n]) n++;
    best = Math.max(best, n);
  }
  return best;
}

/** Length of the stretch at `i` whose characters go up or down by one step (-1, 0 or +1). */
function stepAt(cps: readonly number[], i: number): number {
  if (i + 1 >= cps.length) return 1;
  const step = cps[i + 1]! - cps[i]!;
  if (Math.abs(step) > 1) return 1;
  let n = 2;
  while (i + n < cps.length && cps[i + n]! - cps[i + n - 1]! === step) n++;
  return n;
}

/** Estimated bits of entropy of `secret` (see the file's doc). */
export function secretBits(secret: string): number {
  const cps = Array.from(secret, (c) => c.codePointAt(0)!).slice(0, SCORED_CHARS);
  const perChar = Math.log2(alphabetSize(secret, new Set(cps).size));
  let bits = 0;
  for (let i = 0; i < cps.length;) {
    const repeat = repeatAt(cps, i);
    const step = stepAt(cps, i);
    if (repeat >= MIN_PATTERN && repeat >= step) {
      bits += Math.log2(i) + Math.log2(repeat);
      i += repeat;
    } else if (step >= MIN_PATTERN) {
      bits += perChar + Math.log2(3) + Math.log2(step);
      i += step;
    } else {
      bits += perChar;
      i += 1;
    }
  }
  return UUID.test(secret) ? Math.min(bits, UUID_BITS) : bits;
}

/**
 * Why `secret`, the value of the variable `name`, is too weak for production, or
 * null when its estimate reaches MIN_SECRET_BITS. The message never repeats the secret.
 */
export function weakSecretReason(name: string, secret: string): string | null {
  const bits = secretBits(secret);
  if (bits >= MIN_SECRET_BITS) return null;
  return `Production needs a real ${name}: this one holds about ${Math.floor(bits)} bits by estimate and at least ${MIN_SECRET_BITS} are needed (random bytes, not a pattern, a sequence or a repeated word); ${SECRET_HOWTO}`;
}
