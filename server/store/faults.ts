import { AppError } from '../errors.js';

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
 * How much new data a health probe writes while writes fail: four times what the
 * longest message (4,000 characters by default, at most 16 KB of UTF-8) needs, so a
 * probe that fits in space the store already holds (SQLite reuses its WAL file after
 * a checkpoint) cannot pass for recovery while sends still fail.
 */
export const PROBE_BYTES = 64 * 1024;

/**
 * Follows whether writes are failing, for /health, the same way for every adapter:
 * failing from a real write that failed until a real write, or a probe of
 * `PROBE_BYTES` of new data, succeeds.
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

  /**
   * While writes fail, runs `write` with `PROBE_BYTES` (it must write that much new,
   * incompressible data durably); its success is what ends the failing state when no
   * real write comes. Does nothing while writes work, and never throws.
   */
  async probe(write: (bytes: number) => Promise<unknown>): Promise<void> {
    if (this.failing) await this.track(() => write(PROBE_BYTES)).catch(() => undefined);
  }
}
