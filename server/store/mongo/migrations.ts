import type { Connection } from 'mongoose';
import type { Models } from './models.js';

/**
 * One data step for MongoDB (a back-fill, a rename). Indexes need no entry: they
 * are declared on the mongoose schemas in models.ts and synced on every start.
 * `up` must be safe to re-run: a node that crashes mid-step runs it again.
 */
export interface MongoMigration {
  /** Unique and stable forever: it is what the database records as applied. */
  name: string;
  up: (models: Models, conn: Connection) => Promise<void>;
}

/**
 * The MongoDB data history, applied in order on every start (see migrate.ts).
 *
 * HOW TO CHANGE THE DATA LAYOUT: declare the field on the schema in models.ts
 * (with a `default` when old documents may lack it, which often needs no migration
 * at all), declare new indexes there too, and append ONE entry here only when
 * existing documents must be rewritten, e.g.
 *
 *   { name: '0001-message-rev', up: async (m) => { await m.Message.updateMany({ rev: { $exists: false } }, { $set: { rev: 0 } }); } },
 *
 * Never edit, reorder or remove an entry that has landed on main. Give SQLite the
 * same change in server/store/sqlite/migrations.ts.
 */
export const MONGO_MIGRATIONS: readonly MongoMigration[] = [
  {
    // Revisions: a stored message's rev starts at its seq, a room's lastRev at its lastSeq,
    // so the first edit after the upgrade gets a rev above every existing one.
    name: '0001-moderation-rev',
    up: async (m) => {
      await m.Message.updateMany({ rev: { $exists: false } }, [{ $set: { rev: '$seq' } }], {
        updatePipeline: true,
      });
      await m.Room.updateMany(
        { lastRev: { $exists: false } },
        [{ $set: { lastRev: '$lastSeq' } }],
        {
          updatePipeline: true,
        },
      );
    },
  },
  {
    // One pending friend request per pair: pending requests get their sorted pair key
    // (the unique partial index covers it); later duplicates of a pair are dropped.
    name: '0002-pending-friend-pair',
    up: async (m) => {
      const pending = await m.FriendRequest.find({ status: 'pending' })
        .sort({ createdAt: 1 })
        .lean();
      const seen = new Set<string>();
      for (const doc of pending) {
        const pair = doc.from < doc.to ? `${doc.from}\n${doc.to}` : `${doc.to}\n${doc.from}`;
        if (seen.has(pair)) {
          await m.FriendRequest.deleteOne({ _id: doc._id });
          continue;
        }
        seen.add(pair);
        if (doc.pair !== pair)
          await m.FriendRequest.updateOne({ _id: doc._id }, { $set: { pair } });
      }
    },
  },
];
