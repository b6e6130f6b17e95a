import { z } from 'zod';
import type {
  BlockUserPayload,
  DeleteMessagePayload,
  EditMessagePayload,
  HistoryPayload,
  JoinChatPayload,
  LeaveChatPayload,
  MarkReadPayload,
  MuteRoomPayload,
  PingPayload,
  ReactPayload,
  ReportMessagePayload,
  SendMessagePayload,
  SyncPayload,
  TypingPayload,
} from '../../protocol/wire.js';
import type { AdminClientToServerEvents } from '../../protocol/admin.js';
import type { PayloadOf } from '../../protocol/ack.js';
import { stripBidiControls } from '../../protocol/text.js';
import { AppError } from '../errors.js';
import { USER_ID_PATTERN } from './rooms.js';

type AdminPayload<E extends keyof AdminClientToServerEvents> = PayloadOf<
  AdminClientToServerEvents,
  E
>;

/**
 * Schemas of every client event payload, each declared to produce its protocol
 * type (`satisfies`), so a schema and the type it checks cannot drift apart.
 * Strict: unknown keys (`__proto__`, `$gt`…) are refused.
 */
const roomId = z.string().min(1).max(140);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int().min(1).max(200).optional();
const messageSeq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const userId = z.string().regex(USER_ID_PATTERN, 'not a user id');
const minutes = z.number().int().min(1).max(525_600);
/** A mute's or ban's length: null (or, for a ban, left out) lasts until lifted. */
const length = minutes.nullable();
const reason = z.string().trim().max(500);

/**
 * A display name or group name: its bidi embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069) dropped, as they would reorder the text shown after
 * the name, then trimmed and 1–`max` characters. Directional marks stay.
 */
export const displayName = (max: number) =>
  z.string().overwrite(stripBidiControls).trim().min(1).max(max);

export const schemas = {
  join_chat: z.strictObject({ room: roomId }) satisfies z.ZodType<JoinChatPayload>,
  leave_chat: z.strictObject({ room: roomId }) satisfies z.ZodType<LeaveChatPayload>,
  send_message: z.strictObject({
    room: roomId,
    text: z.string(),
    clientId: z.string().min(1).max(64),
    replyTo: messageSeq.optional(),
  }) satisfies z.ZodType<SendMessagePayload>,
  typing: z.strictObject({ room: roomId, typing: z.boolean() }) satisfies z.ZodType<TypingPayload>,
  ping: z.strictObject({ t: z.number().finite() }) satisfies z.ZodType<PingPayload>,
  history: z.strictObject({
    room: roomId,
    beforeSeq: seq.optional(),
    limit,
  }) satisfies z.ZodType<HistoryPayload>,
  sync: z.strictObject({
    rooms: z
      .array(z.strictObject({ room: roomId, lastSeq: seq, lastRev: seq.optional() }))
      .min(1)
      .max(200),
    limit: z.number().int().min(1).max(500).optional(),
  }) satisfies z.ZodType<SyncPayload>,
  mark_read: z.strictObject({ room: roomId, seq }) satisfies z.ZodType<MarkReadPayload>,
  edit_message: z.strictObject({
    room: roomId,
    seq: messageSeq,
    text: z.string(),
  }) satisfies z.ZodType<EditMessagePayload>,
  delete_message: z.strictObject({
    room: roomId,
    seq: messageSeq,
  }) satisfies z.ZodType<DeleteMessagePayload>,
  react: z.strictObject({
    room: roomId,
    seq: messageSeq,
    // The set itself is checked by the service, which names the allowed ones.
    emoji: z.string().min(1).max(16),
    on: z.boolean(),
  }) satisfies z.ZodType<ReactPayload>,
  report_message: z.strictObject({
    room: roomId,
    seq: messageSeq,
    reason: z.enum(['spam', 'abuse', 'manipulation', 'other']),
    note: z.string().trim().max(500).optional(),
  }) satisfies z.ZodType<ReportMessagePayload>,
  block_user: z.strictObject({ userId }) satisfies z.ZodType<BlockUserPayload>,
  unblock_user: z.strictObject({ userId }) satisfies z.ZodType<BlockUserPayload>,
  blocked_users: z.strictObject({}) satisfies z.ZodType<Record<string, never>>,
  mute_room: z.strictObject({
    room: roomId,
    muted: z.boolean(),
  }) satisfies z.ZodType<MuteRoomPayload>,
  room_members: z.strictObject({ room: roomId }) satisfies z.ZodType<{ room: string }>,
  mute: z.strictObject({
    userId,
    room: roomId.optional(),
    minutes: length.optional(),
    reason,
  }),
  ban: z.strictObject({ userId, minutes: length.optional(), reason }),
  purge: z.strictObject({
    minutes: z.number().int().min(1).max(10_080),
    reason: reason.optional(),
  }),
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
    minutes: length.optional(),
    reason: reason.optional(),
  }),
  createRoom: z.strictObject({
    name: displayName(80),
    members: z.array(z.string().min(1).max(64)).max(500).optional(),
  }),
  friendRequest: z.strictObject({ to: z.string().min(1).max(64) }),
  roomsPage: z.strictObject({
    limit: z.number().int().min(1).max(500).default(100),
    cursor: z.string().min(1).max(512).optional(),
  }),
  devToken: z.strictObject({
    sub: z.string().min(1).max(64),
    name: displayName(100).optional(),
    /** An https picture, signed into the token's `avatar` claim. */
    avatar: z.string().url().startsWith('https://').max(2048).optional(),
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

/** Anything: the event takes no input, and whatever is sent is ignored. */
const nothing = z.unknown().transform((): Record<string, never> => ({}));
/** An optional value that, when malformed, reads as absent (the service applies its default). */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * The `/admin` events. Their services already check what matters (and the REST
 * routes pass query strings to them), so these keep the console's old leniency:
 * a malformed page number reads as the default, not as an error.
 */
export const adminSchemas = {
  overview: nothing satisfies z.ZodType<AdminPayload<'overview'>>,
  rooms: nothing satisfies z.ZodType<AdminPayload<'rooms'>>,
  connections: z
    .object({
      page: lenient(z.number()),
      pageSize: lenient(z.number()),
      q: lenient(z.string()),
    })
    .catch({}) satisfies z.ZodType<AdminPayload<'connections'>>,
  room_events: z.object({ room: z.string() }) satisfies z.ZodType<AdminPayload<'room_events'>>,
  disconnect_socket: z.object({ id: z.string() }) satisfies z.ZodType<
    AdminPayload<'disconnect_socket'>
  >,
  notice: schemas.notice satisfies z.ZodType<AdminPayload<'notice'>>,
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
