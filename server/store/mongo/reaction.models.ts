import mongoose from 'mongoose';
import type { Connection, Model } from 'mongoose';

const { Schema } = mongoose;

/** One user's reaction to one message; `_id` is `room \n seq \n user \n emoji`. */
export interface ReactionDoc {
  _id: string;
  room: string;
  seq: number;
  user: string;
  emoji: string;
  createdAt: Date;
}

const reactionSchema = new Schema<ReactionDoc>(
  {
    _id: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    user: { type: String, required: true },
    emoji: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, writeConcern: { w: 'majority', j: true }, autoIndex: false },
);
// "What did this user choose on these messages" (history, sync) and the counts of one message.
reactionSchema.index({ room: 1, user: 1, seq: 1 });
reactionSchema.index({ room: 1, seq: 1, createdAt: 1 });

export interface ReactionModels {
  Reaction: Model<ReactionDoc>;
}

export function createReactionModels(conn: Connection): ReactionModels {
  return { Reaction: conn.model<ReactionDoc>('Reaction', reactionSchema, 'reactions') };
}
