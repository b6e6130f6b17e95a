import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import mongoose from 'mongoose';
import type { MessageDoc } from '../../server/store/mongo/models.js';
import { MongoStore } from '../../server/store/mongo/mongo-store.js';
import { storeContract } from './store.contract.js';
import { storeLimitsContract } from './store.limits.contract.js';

const uri = process.env.MONGODB_URI;

describe('MongoStore', () => {
  it(`mongo adapter loads (${uri ? 'MONGODB_URI set: the contract runs below' : 'no MONGODB_URI here: contract runs against MongoDB when it is set'})`, () => {
    assert.equal(typeof MongoStore, 'function');
    assert.equal(typeof MongoStore.connect, 'function');
  });
});

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

// Every open() is a new connection to the same database, as persistence needs.
if (uri) {
  storeContract('mongo', () => MongoStore.connect(uri));
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
}
