import type { Message, Reaction, RoomId } from '../../../protocol/wire.js';
import { inPaletteOrder, orderCounts } from '../reaction-order.js';
import { isDuplicateKey, toMessage } from './mappers.js';
import { nextRev } from './message-appender.js';
import type { Models } from './models.js';
import type { ReactionModels } from './reaction.models.js';

const keyOf = (room: RoomId, seq: number, user: string, emoji: string) =>
  [room, seq, user, emoji].join('\n');

/**
 * Who reacted with what, in MongoDB. A change writes the reaction document, takes
 * the room's next rev, then stores the counts on the message only if no later
 * change already did: the change with the highest rev counted after every change
 * with a lower one, so the message always ends with the newest counts.
 */
export class MongoReactions {
  constructor(private readonly m: Models & ReactionModels) {}

  async set(
    room: RoomId,
    seq: number,
    user: string,
    emoji: string,
    on: boolean,
  ): Promise<{ message: Message; changed: boolean } | null> {
    const current = await this.m.Message.findOne({ room, seq }).lean();
    if (!current || current.deletedAt) return null;
    const _id = keyOf(room, seq, user, emoji);
    let changed: boolean;
    if (on) {
      changed = await this.m.Reaction.create({ _id, room, seq, user, emoji, createdAt: new Date() })
        .then(() => true)
        .catch((err: unknown) => {
          if (isDuplicateKey(err)) return false;
          throw err;
        });
    } else {
      changed = (await this.m.Reaction.deleteOne({ _id })).deletedCount > 0;
    }
    if (!changed) return { message: toMessage(current), changed };
    const rev = await nextRev(this.m, room);
    const counts: Reaction[] = orderCounts(
      await this.m.Reaction.aggregate<{ emoji: string; count: number; first: Date }>([
        { $match: { room, seq } },
        { $group: { _id: '$emoji', count: { $sum: 1 }, first: { $min: '$createdAt' } } },
        { $project: { _id: 0, emoji: '$_id', count: 1, first: 1 } },
      ]),
    );
    await this.m.Message.updateOne(
      { room, seq, deletedAt: null, rev: { $lt: rev } },
      { $set: { reactions: counts, rev } },
    );
    const doc = await this.m.Message.findOne({ room, seq }).lean();
    return doc ? { message: toMessage(doc), changed } : null;
  }

  async mine(room: RoomId, user: string, seqs: number[]): Promise<Map<number, string[]>> {
    const chosen = new Map<number, string[]>();
    if (seqs.length === 0) return chosen;
    const docs = await this.m.Reaction.find({ room, user, seq: { $in: seqs } })
      .sort({ createdAt: 1 })
      .lean();
    for (const doc of docs) chosen.set(doc.seq, [...(chosen.get(doc.seq) ?? []), doc.emoji]);
    for (const [seq, emojis] of chosen) chosen.set(seq, inPaletteOrder(emojis));
    return chosen;
  }
}
