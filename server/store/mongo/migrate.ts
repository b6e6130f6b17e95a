import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './mappers.js';
import { MONGO_MIGRATIONS, type MongoMigration } from './migrations.js';
import type { Models } from './models.js';

interface MigrationDoc {
  _id: string;
  startedAt: Date;
  doneAt?: Date;
}

export interface MongoMigrationReport {
  applied: string[];
  /** Indexes dropped because no schema declares them any more, as `collection.index`. */
  droppedIndexes: string[];
}

const INDEX_NOT_FOUND = 27;
const COLLECTION = 'schemaMigrations';

/**
 * Brings the database up to date on start: runs every data migration not yet
 * recorded in `schemaMigrations` (one node claims each step with a unique insert;
 * the others wait for it), then makes each collection's indexes match its schema,
 * creating what is new and dropping what no schema declares any more.
 */
export async function migrateMongo(
  conn: Connection,
  models: Models,
  migrations: readonly MongoMigration[] = MONGO_MIGRATIONS,
  waitMs = 120_000,
): Promise<MongoMigrationReport> {
  const col = conn.collection<MigrationDoc>(COLLECTION);
  const known = new Set(migrations.map((m) => m.name));
  const recorded = await col.find({}, { projection: { _id: 1 } }).toArray();
  const unknown = recorded.map((d) => d._id).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `The database records migrations this release does not know (${unknown.join(', ')}); ` +
        'it was upgraded by a newer stock-chat. Run that release, or restore a backup taken before the upgrade.',
    );
  }

  const applied: string[] = [];
  for (const m of migrations) {
    try {
      await col.insertOne({ _id: m.name, startedAt: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await waitFor(m.name, waitMs, () => col.findOne({ _id: m.name }));
      continue;
    }
    try {
      await m.up(models, conn);
    } catch (err) {
      // Release the claim so the next start (here or on another node) runs the step again.
      await col.deleteOne({ _id: m.name });
      throw err;
    }
    await col.updateOne({ _id: m.name }, { $set: { doneAt: new Date() } });
    applied.push(m.name);
  }

  const droppedIndexes: string[] = [];
  for (const model of Object.values(models) as mongoose.Model<unknown>[]) {
    const { toDrop } = await model.diffIndexes();
    for (const index of toDrop as string[]) {
      try {
        await model.collection.dropIndex(index);
        droppedIndexes.push(`${model.collection.collectionName}.${index}`);
      } catch (err) {
        // Another node starting at the same moment dropped it first.
        if (!(err instanceof mongoose.mongo.MongoServerError && err.code === INDEX_NOT_FOUND))
          throw err;
      }
    }
    await model.createIndexes();
  }
  return { applied, droppedIndexes };
}

async function waitFor(
  name: string,
  waitMs: number,
  read: () => Promise<MigrationDoc | null>,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const doc = await read();
    // No document: the node running it failed and released the claim; its error stops that node.
    if (!doc) throw new Error(`migration ${name} failed on another node; restart to retry it`);
    if (doc.doneAt) return;
    if (Date.now() > deadline) {
      throw new Error(
        `migration ${name} started at ${doc.startedAt.toISOString()} has not finished; ` +
          `if the node running it died, delete {_id: "${name}"} from ${COLLECTION} and restart`,
      );
    }
    await sleep(500);
  }
}
