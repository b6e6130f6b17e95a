import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Thrown when the database file was migrated by a newer release than this one. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

export interface MigrationReport {
  /** Names applied by this call, in order; empty when the file was already current. */
  applied: string[];
  /** Number of migrations the file now records (also stored as `PRAGMA user_version`). */
  version: number;
}

const TRACKING_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/**
 * Brings the database up to date: applies, in list order, every migration the
 * file has not recorded in `schema_migrations`, all in one IMMEDIATE transaction,
 * so two servers starting on one file migrate it once and a failing step leaves
 * the file exactly as it was. A file that records a migration this release does
 * not know (a downgrade) is refused rather than guessed at.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationReport {
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    names.add(m.name);
  }
  const run = db.transaction((): MigrationReport => {
    db.exec(TRACKING_TABLE);
    const done = new Set(
      db
        .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
        .all()
        .map((r) => r.name),
    );
    const unknown = [...done].filter((n) => !names.has(n));
    if (unknown.length > 0) {
      throw new SchemaTooNewError(
        `The database records migrations this release does not know (${unknown.join(', ')}); ` +
          'it was upgraded by a newer stock-chat. Run that release, or restore a backup taken before the upgrade.',
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(m.name, new Date().toISOString());
      applied.push(m.name);
    }
    const version = done.size + applied.length;
    // user_version mirrors the count so `sqlite3 file 'PRAGMA user_version'` shows it at a glance.
    db.pragma(`user_version = ${version}`);
    return { applied, version };
  });
  return run.immediate();
}
