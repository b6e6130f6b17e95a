import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoStore } from '../../server/store/mongo/mongo-store.js';
import { storeContract } from './store.contract.js';
import { moderationContract } from './store.moderation.contract.js';

const uri = process.env.MONGODB_URI;

describe('MongoStore', () => {
  it(`mongo adapter loads (${uri ? 'MONGODB_URI set: the contract runs below' : 'no MONGODB_URI here: contract runs against MongoDB when it is set'})`, () => {
    assert.equal(typeof MongoStore, 'function');
    assert.equal(typeof MongoStore.connect, 'function');
  });
});

// Every open() is a new connection to the same database, as persistence needs.
if (uri) storeContract('mongo', () => MongoStore.connect(uri));
if (uri) moderationContract('mongo', () => MongoStore.connect(uri));

// Runs only against a real MongoDB (MONGODB_URI); never run on the machines this was written on.
if (uri) {
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
}
