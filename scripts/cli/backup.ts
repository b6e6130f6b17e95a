import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../../server/config.js';
import type { Command } from './commands.js';

const USAGE =
  'usage: stock-chat backup <file> [--force]   (the embedded SQLite store, while it runs)';
const MONGO_HINT = `MONGODB_URI is set: back MongoDB up with its own tools, e.g.
  mongodump --uri "$MONGODB_URI" --oplog --gzip --archive=stock-chat.archive.gz
and restore with
  mongorestore --uri "$MONGODB_URI" --oplogReplay --gzip --archive=stock-chat.archive.gz --drop
(docs/deploy.md, "Backups").`;

/**
 * Copies the live SQLite database into `<file>` with SQLite's online backup API: a
 * consistent snapshot while servers keep writing, checked with `integrity_check`.
 */
export const backup: Command = {
  summary: 'copy the SQLite store to <file> while it runs (online backup API)',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [target, ...extra] = positionals;
    if (!target || extra.length > 0) {
      console.error(USAGE);
      return 2;
    }
    const config = loadConfig();
    if (config.mongodbUri) {
      console.error(MONGO_HINT);
      return 2;
    }
    const source = path.join(config.dataDir, 'stock-chat.db');
    if (!existsSync(source)) throw new Error(`no database at ${source} (is DATA_DIR right?)`);
    const destination = path.resolve(target);
    if (existsSync(destination) && !values.force) {
      throw new Error(`${destination} exists; pass --force to overwrite it`);
    }
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const started = Date.now();
      const { totalPages } = await db.backup(destination);
      const copy = new Database(destination, { readonly: true });
      try {
        const check = copy.pragma('integrity_check', { simple: true });
        if (check !== 'ok') throw new Error(`the copy fails integrity_check: ${String(check)}`);
        const version = copy.pragma('user_version', { simple: true });
        const bytes = statSync(destination).size;
        console.log(
          `backed up ${source} to ${destination}: ${totalPages} pages, ${bytes} bytes, ` +
            `schema version ${String(version)}, ${Date.now() - started} ms`,
        );
      } finally {
        copy.close();
      }
    } finally {
      db.close();
    }
    return 0;
  },
};
