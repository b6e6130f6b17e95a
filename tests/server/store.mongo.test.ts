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
