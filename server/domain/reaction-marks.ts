import type { Message, RoomId } from '../../protocol/wire.js';
import type { Store } from '../store/types.js';

/** Marks on each message the reactions `userId` chose (`mine`), for answers to that user only. */
export async function markMine(
  store: Store,
  room: RoomId,
  messages: Message[],
  userId: string,
): Promise<Message[]> {
  const reacted = messages.filter((m) => m.reactions.length > 0).map((m) => m.seq);
  if (reacted.length === 0) return messages;
  const chosen = await store.reactionsBy(room, userId, reacted);
  return messages.map((m) => {
    if (m.reactions.length === 0) return m;
    const own = chosen.get(m.seq) ?? [];
    return { ...m, reactions: m.reactions.map((r) => ({ ...r, mine: own.includes(r.emoji) })) };
  });
}
