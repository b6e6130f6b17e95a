import { z } from 'zod';
import { avatarUrl } from './avatars.js';
import { USER_ID_PATTERN } from './rooms.js';
import { displayName } from './validation.js';

/**
 * Request schemas of `/api/server/*`: the routes validate with them and
 * `/api/openapi.json` is generated from them, so the two cannot disagree.
 */
const roomId = z.string().min(1).max(140).describe('`$AAPL`, `g:<id>` or `dm:<a>:<b>`');
const userId = z.string().regex(USER_ID_PATTERN).describe('A user id of the host platform');
const text = z.string().min(1).max(16_000);
const clientId = z
  .string()
  .min(1)
  .max(64)
  .describe('Idempotency key: a repeat answers 200 with the original');

/** At most this many rooms per broadcast and quotes per push; more is refused with `too_large`. */
export const MAX_BROADCAST_ROOMS = 100;
export const MAX_QUOTES = 1_000;
export const MAX_FRIENDS = 5_000;

export const serverSender = z.strictObject({
  id: userId,
  name: displayName(100),
  kind: z.enum(['bot', 'system']),
});

/** A ticker symbol without the `$`: `AAPL`, `BRK.A`. */
export const symbol = z
  .string()
  .regex(/^[A-Z]{1,6}(?:\.[A-Z])?$/)
  .describe('Ticker symbol without the $, upper case: AAPL, BRK.A');

export const quote = z.strictObject({
  symbol,
  price: z.number().finite().nonnegative(),
  change: z.number().finite(),
  changePct: z.number().finite(),
  // The largest time a JavaScript Date holds, so every client can show it.
  ts: z.number().int().positive().max(8.64e15).describe('Epoch milliseconds'),
});

export const serverSchemas = {
  postMessage: z.strictObject({ room: roomId, text, clientId, sender: serverSender }),
  broadcast: z.strictObject({
    rooms: z.array(roomId).min(1).max(MAX_BROADCAST_ROOMS),
    text,
    sender: serverSender,
    clientId: clientId
      .optional()
      .describe(
        'Idempotency key of the whole broadcast (the same in every room): a retry stores only ' +
          'what the first call did not. Without one, the same sender, rooms and text again ' +
          'within 10 minutes counts as a retry.',
      ),
  }),
  quotes: z.array(quote).min(1).max(MAX_QUOTES),
  putUser: z.strictObject({
    name: displayName(100),
    avatar: avatarUrl.optional(),
  }),
  friends: z.array(userId).max(MAX_FRIENDS),
  userParams: z.strictObject({ id: userId }),
  roomParams: z.strictObject({ room: roomId }),
  presenceQuery: z.strictObject({ limit: z.coerce.number().int().min(1).max(1_000).optional() }),
  historyQuery: z.strictObject({
    beforeSeq: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  }),
} as const;

export type ServerSender = z.infer<typeof serverSender>;
export type QuoteInput = z.infer<typeof quote>;
