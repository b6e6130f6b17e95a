import type { Config } from '../config.js';
import type { Store } from './types.js';

export type { Store } from './types.js';

/** Opens the store the configuration names: MongoDB when `MONGODB_URI` is set, else the SQLite file. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) {
    const { MongoStore } = await import('./mongo/mongo-store.js');
    return MongoStore.connect(config.mongodbUri);
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return new SqliteStore(config.dataDir);
}
