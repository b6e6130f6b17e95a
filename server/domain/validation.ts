import { z } from 'zod';
import { AppError } from './errors.js';
import { USER_ID_PATTERN } from './rooms.js';

/** Schemas of every client event payload. Strict: unknown keys (`__proto__`, `$gt`…) are refused. */
const roomId = z.string().min(1).max(140);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int().min(1).max(200).optional();
const messageSeq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const userId = z.string().regex(USER_ID_PATTERN, 'not a user id');
const minutes = z.number().int().min(1).max(525_600);
const reason = z.string().trim().max(500);

export const schemas = {
  join_chat: z.strictObject({ room: roomId }),
  leave_chat: z.strictObject({ room: roomId }),
  send_message: z.strictObject({
    room: roomId,
    text: z.string(),
    clientId: z.string().min(1).max(64),
  }),
  typing: z.strictObject({ room: roomId, typing: z.boolean() }),
  ping: z.strictObject({ t: z.number().finite() }),
  history: z.strictObject({ room: roomId, beforeSeq: seq.optional(), limit }),
  sync: z.strictObject({
    rooms: z
      .array(z.strictObject({ room: roomId, lastSeq: seq, lastRev: seq.optional() }))
      .min(1)
      .max(200),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  mark_read: z.strictObject({ room: roomId, seq }),
  edit_message: z.strictObject({ room: roomId, seq: messageSeq, text: z.string() }),
  delete_message: z.strictObject({ room: roomId, seq: messageSeq }),
  report_message: z.strictObject({
    room: roomId,
    seq: messageSeq,
    reason: z.enum(['spam', 'abuse', 'manipulation', 'other']),
    note: z.string().trim().max(500).optional(),
  }),
  block_user: z.strictObject({ userId }),
  unblock_user: z.strictObject({ userId }),
  mute: z.strictObject({
    userId,
    room: roomId.optional(),
    minutes: minutes.optional(),
    reason,
  }),
  ban: z.strictObject({ userId, minutes: minutes.optional(), reason }),
  roomSettings: z
    .strictObject({
      slowModeSec: z.number().int().min(0).max(3600).optional(),
      readOnly: z.boolean().optional(),
      reason: reason.optional(),
    })
    .refine((v) => v.slowModeSec !== undefined || v.readOnly !== undefined, {
      message: 'give slowModeSec or readOnly',
    }),
  resolve: z.strictObject({
    action: z.enum(['dismiss', 'delete', 'mute', 'ban']),
    minutes: minutes.optional(),
    reason: reason.optional(),
  }),
  createRoom: z.strictObject({
    name: z.string().trim().min(1).max(80),
    members: z.array(z.string().min(1).max(64)).max(500).optional(),
  }),
  friendRequest: z.strictObject({ to: z.string().min(1).max(64) }),
  devToken: z.strictObject({
    sub: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(100).optional(),
    admin: z.boolean().optional(),
    roles: z.array(z.string().max(64)).max(32).optional(),
    friends: z.array(z.string().min(1).max(64)).max(100).optional(),
    ttlSec: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 30)
      .optional(),
  }),
  notice: z.strictObject({ text: z.string().trim().min(1).max(1000), room: roomId.optional() }),
} as const;

/** Parses input against a schema or throws `bad_request` naming the first problem. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new AppError('bad_request', `${where}${issue?.message ?? 'invalid input'}`);
}

/** Trims message text and checks it against the configured length; `too_large` past it. */
export function checkText(text: string, maxLength: number): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new AppError('bad_request', 'text must not be empty');
  if (trimmed.length > maxLength) {
    throw new AppError('too_large', `text is longer than ${maxLength} characters`);
  }
  return trimmed;
}
