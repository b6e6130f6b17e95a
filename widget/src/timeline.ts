/**
 * Pure merge logic for a room's messages. Messages arrive from acks, live
 * `new_message` events, `history` pages, `sync` pages and the outbox, in any
 * order and sometimes twice; merging by id and by (sender, clientId) keeps
 * exactly one copy of each, ordered by `seq` with unconfirmed ones last.
 */
import type { Message } from '../../protocol/wire.js';
import type { ChatMessage } from './types.js';

function sameMessage(a: ChatMessage, b: Message): boolean {
  if (a.id && b.id && a.id === b.id) return true;
  return a.clientId === b.clientId && a.sender.id === b.sender.id;
}

function order(a: ChatMessage, b: ChatMessage): number {
  const aPending = a.seq === 0;
  const bPending = b.seq === 0;
  if (aPending !== bPending) return aPending ? 1 : -1;
  if (!aPending) return a.seq - b.seq;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/**
 * Returns a new list with `incoming` merged into `current`, the messages that
 * were not held before (`added`) and the held pending ones now confirmed
 * (`settled`). A confirmed copy always replaces a pending one.
 */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): { messages: ChatMessage[]; added: ChatMessage[]; settled: ChatMessage[] } {
  const messages = current.slice();
  const added: ChatMessage[] = [];
  const settled: ChatMessage[] = [];
  for (const message of incoming) {
    const index = messages.findIndex((held) => sameMessage(held, message));
    if (index === -1) {
      messages.push(message);
      added.push(message);
    } else if (message.seq > 0 && message.rev < messages[index].rev) {
      // An older copy (a history page answered before an edit arrived): keep the newer one.
      continue;
    } else if (message.seq > 0 || messages[index].seq === 0) {
      // Keep a held confirmed copy over an unconfirmed one from the outbox.
      if (message.seq > 0 && messages[index].seq === 0) settled.push(message);
      messages[index] = { ...messages[index], ...message, error: undefined };
    }
  }
  messages.sort(order);
  return { messages, added, settled };
}

/** Marks a wire message as delivered for the timeline. */
export function confirmed(message: Message): ChatMessage {
  return { ...message, state: 'sent' };
}

/** The highest confirmed seq held, 0 for none. */
export function lastSeqOf(messages: readonly Pick<Message, 'seq'>[]): number {
  let max = 0;
  for (const message of messages) if (message.seq > max) max = message.seq;
  return max;
}

/** The highest revision held, the `lastRev` for catching up on edits and deletes. */
export function lastRevOf(messages: readonly ChatMessage[]): number {
  let max = 0;
  for (const message of messages) if (message.rev > max) max = message.rev;
  return max;
}

/** The lowest confirmed seq held, the cursor for loading older history. */
export function firstSeqOf(messages: readonly ChatMessage[]): number {
  for (const message of messages) if (message.seq > 0) return message.seq;
  return 0;
}

/** The most confirmed messages a room holds; the rest are fetched again when read. */
export const HELD_MAX = 600;

/**
 * Keeps at most `max` confirmed messages: the newest ones, or with `viewSeq` (the
 * message the reader is at) the ones around it. Pending own messages, always last,
 * stay. Says which ends were dropped, so paging knows there is more to fetch.
 */
export function capTimeline(
  messages: ChatMessage[],
  viewSeq: number,
  max = HELD_MAX,
): { messages: ChatMessage[]; older: boolean; newer: boolean } {
  const pending = messages.findIndex((m) => m.seq === 0);
  const stored = pending === -1 ? messages.length : pending;
  if (stored <= max) return { messages, older: false, newer: false };
  const at = viewSeq ? messages.findIndex((m) => m.seq >= viewSeq) : -1;
  const start = at === -1 ? stored - max : Math.min(Math.max(0, at - max / 2), stored - max);
  return {
    messages: messages.slice(start, start + max).concat(messages.slice(stored)),
    older: start > 0,
    newer: start + max < stored,
  };
}
