import type { Sender } from '../../protocol/wire.js';

/** The part of a message's sender that says who it is. */
export type SenderRef = Pick<Sender, 'id' | 'kind'>;

/**
 * The user who wrote a message, or null for a server sender (a bot or the system,
 * posted with an API key). Server senders live in an id space of their own: the
 * bot `alerts` is not the user `alerts`, so nothing a user may do as a message's
 * author (edit, delete, be blocked or muted for it) follows from an equal id alone.
 */
export function userAuthor(sender: SenderRef): string | null {
  return sender.kind === 'user' ? sender.id : null;
}

/** Whether `userId` wrote the message (never true of a server sender's). */
export function isAuthor(sender: SenderRef, userId: string): boolean {
  return userAuthor(sender) === userId;
}

/** Whether two senders are the same one: the same kind and id. */
export function sameSender(a: SenderRef, b: SenderRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/**
 * The sender as one string where users and server senders share a key (a report's
 * sender): a user's id, or `<kind>:<id>` for a server sender, which no user id can
 * equal (user ids never hold a `:`).
 */
export function senderKey(sender: SenderRef): string {
  return userAuthor(sender) ?? `${sender.kind}:${sender.id}`;
}

/** Whether a sender key names a server sender (see `senderKey`). */
export function isServerSenderKey(key: string): boolean {
  return key.includes(':');
}
