import { randomUUID } from 'node:crypto';
import type { Message } from '../../../protocol/wire.js';
import type { AppendResult, NewMessage } from '../types.js';
import { toMessage } from './rows.js';
import type { Statements } from './statements.js';
import type { SqliteWebhooks } from './webhooks.repo.js';

/** Where a new message's webhook event is staged, inside the same transaction. */
type Outbox = Pick<SqliteWebhooks, 'stage'>;

/**
 * One message append, run inside a group-commit transaction: a repeated
 * `clientId` answers the stored message; otherwise the room's next seq and rev,
 * the row, the room's counters, the sender's read mark and the `message.created`
 * webhook event, all in the caller's transaction.
 */
export function appendOne(stmt: Statements, outbox: Outbox, input: NewMessage): AppendResult {
  const existing = stmt.findMessage.get(input.room, input.sender.id, input.clientId);
  if (existing) return { message: toMessage(existing), created: false };
  const room = stmt.getRoom.get(input.room);
  if (!room) throw new Error(`room ${input.room} does not exist`);
  const message: Message = {
    id: randomUUID(),
    room: input.room,
    seq: room.last_seq + 1,
    clientId: input.clientId,
    sender: { id: input.sender.id, name: input.sender.name, kind: input.sender.kind ?? 'user' },
    text: input.text,
    createdAt: input.createdAt.toISOString(),
    cashtags: input.cashtags,
    rev: room.last_rev + 1,
    mentions: input.mentions ?? [],
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    reactions: [],
  };
  stmt.insertMessage.run({
    room: message.room,
    seq: message.seq,
    id: message.id,
    client_id: message.clientId,
    sender_id: message.sender.id,
    sender_name: message.sender.name,
    sender_kind: message.sender.kind,
    text: message.text,
    cashtags: JSON.stringify(message.cashtags),
    mentions: JSON.stringify(message.mentions),
    reply_to: message.replyTo ? JSON.stringify(message.replyTo) : null,
    created_at: message.createdAt,
    rev: message.rev,
  });
  stmt.bumpRoom.run(message.seq, message.rev, message.createdAt, message.room);
  // A user has read what they sent; a bot's message is not its namesake user's to have read.
  if (message.sender.kind === 'user')
    stmt.markRead.run(message.seq, message.room, message.sender.id);
  outbox.stage('message.created', message);
  return { message, created: true };
}
