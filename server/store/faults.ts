import { AppError } from '../domain/errors.js';

/** SQLite result codes that mean "the storage failed", not "this request was wrong". */
const SQLITE_FAULTS =
  /^SQLITE_(FULL|IOERR|CANTOPEN|BUSY|LOCKED|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB)/;
/** Errors of the file system under SQLite's WAL, from the store's own fdatasync (wal-sync.ts). */
const FILE_FAULTS = /^(EIO|ENOSPC|EDQUOT|EROFS|EBADF)$/;
/** MongoDB driver errors of an unreachable or failing deployment. */
const MONGO_FAULTS =
  /^Mongo(Network|ServerSelection|NotConnected|Topology|WriteConcern|NetworkTimeout)|^MongooseServerSelection/;

/** True when `err` says the storage is unavailable (retryable), not that the input was bad. */
export function isStorageFault(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, name } = err as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && (SQLITE_FAULTS.test(code) || FILE_FAULTS.test(code))) return true;
  return typeof name === 'string' && MONGO_FAULTS.test(name);
}

/** The retryable error a client sees when the storage failed. */
export const storageUnavailable = () =>
  new AppError('unavailable', 'storage is unavailable right now; retry shortly');

/**
 * Follows whether writes are failing, for /health: set by a failed write,
 * cleared by the next one that succeeds.
 */
export class WriteHealth {
  private failingSince: number | null = null;

  get failing(): boolean {
    return this.failingSince !== null;
  }

  /** Runs a write, turning a storage fault into `unavailable` and recording the outcome. */
  async track<T>(write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      this.failingSince = null;
      return result;
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      this.failingSince ??= Date.now();
      throw storageUnavailable();
    }
  }
}
