import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { storeContract } from './store.contract.js';
import { moderationContract } from './store.moderation.contract.js';

// A real file in a fresh directory: every open() is a new connection to the same database.
const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-store-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

storeContract('sqlite', async () => new SqliteStore(dataDir));
moderationContract('sqlite', async () => new SqliteStore(dataDir));
