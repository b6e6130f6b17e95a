import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import mongoose from 'mongoose';
import type { MessageDoc } from '../../server/store/mongo/models.js';
import { MongoStore } from '../../server/store/mongo/mongo-store.js';
import { storeContract } from './store.contract.js';
import { serverApiContract } from './store.server-api.contract.js';
import { storeLimitsContract } from './store.limits.contract.js';
import { moderationContract } from './store.moderation.contract.js';
import { peopleContract } from './store.people.contract.js';

/**
 * The MongoDB adapter against a real MongoDB: the same contract suites as SQLite, plus
 * the MongoDB-only parts. No MongoDB server runs on the machines this project is built
 * on, so without MONGODB_URI the whole suite reports itself skipped, by name; an
 * operator runs it with `MONGODB_URI=… npm run test:mongo` (README: before upgrading,
 * against a staging MongoDB).
 */
const uri = process.env.MONGODB_URI ?? '';
const skip = uri
  ? false
  : 'MONGODB_URI is not set: no MongoDB to run against (npm run test:mongo with MONGODB_URI runs it)';

/** Counts the operations mongoose sends while `work` runs (mongoose's debug hook). */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  let calls = 0;
  mongoose.set('debug', () => {
    calls++;
  });
  try {
    await work();
  } finally {
    mongoose.set('debug', false);
  }
  return calls;
}

describe('MongoStore against a real MongoDB', { skip }, () => {
  // Every open() is a new connection to the same database, as persistence needs.
  storeContract('mongo', () => MongoStore.connect(uri));
  serverApiContract('mongo', () => MongoStore.connect(uri));
  peopleContract('mongo', () => MongoStore.connect(uri));
  moderationContract('mongo', () => MongoStore.connect(uri));
  describe('MongoDB migrations and index sync', () => {
    it('runs a data step once and drops an index no schema declares', async () => {
      const mongoose = (await import('mongoose')).default;
      const { createModels } = await import('../../server/store/mongo/models.js');
      const { migrateMongo } = await import('../../server/store/mongo/migrate.js');
      const { MONGO_MIGRATIONS } = await import('../../server/store/mongo/migrations.js');
      const conn = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
      try {
        const models = createModels(conn);
        await conn
          .collection<{ _id: string }>('schemaMigrations')
          .deleteMany({ _id: { $regex: '^test-' } });
        await models.Message.collection.createIndex({ text: 1 }, { name: 'stray_text' });
        let runs = 0;
        const steps = [...MONGO_MIGRATIONS, { name: 'test-count', up: async () => void runs++ }];
        const first = await migrateMongo(conn, models, steps);
        assert.deepEqual(first.applied, ['test-count']);
        assert.ok(first.droppedIndexes.includes('messages.stray_text'));
        const second = await migrateMongo(conn, models, steps);
        assert.deepEqual(second, { applied: [], droppedIndexes: [] });
        assert.equal(runs, 1);
        await conn
          .collection<{ _id: string }>('schemaMigrations')
          .deleteMany({ _id: { $regex: '^test-' } });
      } finally {
        await conn.close();
      }
    });
  });
  storeLimitsContract('mongo', () => MongoStore.connect(uri), { countQueries });

  describe('MongoStore append repair', () => {
    it('broadcasts and finishes an append whose insert landed but whose room update did not', async () => {
      const store = await MongoStore.connect(uri);
      const conn = await mongoose.createConnection(uri).asPromise();
      try {
        const room = `g:${randomUUID().slice(0, 12)}`;
        await store.ensureRoom({ id: room, kind: 'group', name: 'Repair' });
        await store.addMembers(room, ['ada']);
        // The half-done append: the message is stored, the room and read marker are not raised.
        await conn.collection<MessageDoc>('messages').insertOne({
          _id: randomUUID(),
          room,
          seq: 1,
          rev: 1,
          clientId: 'half',
          sender: { id: 'ada', name: 'Ada' },
          text: 'half done',
          cashtags: [],
          createdAt: new Date(),
        });
        const retry = await store.appendMessage({
          room,
          clientId: 'half',
          sender: { id: 'ada', name: 'Ada' },
          text: 'half done',
          cashtags: [],
          createdAt: new Date(),
        });
        assert.equal(retry.created, true, 'the retry is broadcast, as the first attempt never was');
        assert.equal(retry.message.seq, 1);
        assert.equal((await store.getRoom(room))?.lastSeq, 1);
        assert.equal(await store.readSeq(room, 'ada'), 1);
        const again = await store.appendMessage({
          room,
          clientId: 'half',
          sender: { id: 'ada', name: 'Ada' },
          text: 'half done',
          cashtags: [],
          createdAt: new Date(),
        });
        assert.equal(again.created, false);
      } finally {
        await conn.close();
        await store.close();
      }
    });
  });
});
