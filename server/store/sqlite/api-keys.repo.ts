import type Database from 'better-sqlite3';
import type { ApiAuditEntry, ApiKeyRecord, ApiKeyRepository, ApiScope } from '../types.js';

interface KeyRow {
  id: string;
  name: string;
  scopes: string;
  hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}
interface AuditRow {
  key_id: string;
  key_name: string;
  method: string;
  path: string;
  status: number;
  at: string;
}

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as ApiScope[],
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/**
 * API keys in the embedded store. Lookups read the file on every call, so a key
 * created by `npm run apikey` in another process is honoured at once.
 */
export class SqliteApiKeys implements ApiKeyRepository {
  private readonly stmt;

  constructor(
    db: Database.Database,
    private readonly write: <T>(job: () => T) => Promise<T>,
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO api_keys (id, name, scopes, hash, prefix, created_at)
         VALUES (@id, @name, @scopes, @hash, @prefix, @created_at)`,
      ),
      byHash: db.prepare<[string], KeyRow>(
        'SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL',
      ),
      byId: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      list: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, name'),
      revoke: db.prepare<[string, string, string]>(
        'UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL',
      ),
      audit: db.prepare(
        `INSERT INTO api_audit (key_id, key_name, method, path, status, at)
         VALUES (@keyId, @keyName, @method, @path, @status, @at)`,
      ),
      auditLog: db.prepare<[number], AuditRow>('SELECT * FROM api_audit ORDER BY id DESC LIMIT ?'),
    };
  }

  async create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'>): Promise<ApiKeyRecord> {
    const createdAt = new Date().toISOString();
    await this.write(() =>
      this.stmt.insert.run({
        id: key.id,
        name: key.name,
        scopes: JSON.stringify(key.scopes),
        hash: key.hash,
        prefix: key.prefix,
        created_at: createdAt,
      }),
    );
    return { ...key, createdAt, revokedAt: null };
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.stmt.byHash.get(hash);
    return row ? toKey(row) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.stmt.list.all().map(toKey);
  }

  async revoke(idOrName: string): Promise<boolean> {
    const at = new Date().toISOString();
    const { changes } = await this.write(() => this.stmt.revoke.run(at, idOrName, idOrName));
    return changes > 0;
  }

  async audit(entry: ApiAuditEntry): Promise<void> {
    await this.write(() => this.stmt.audit.run(entry));
  }

  async auditLog(limit: number): Promise<ApiAuditEntry[]> {
    return this.stmt.auditLog.all(limit).map((r) => ({
      keyId: r.key_id,
      keyName: r.key_name,
      method: r.method,
      path: r.path,
      status: r.status,
      at: r.at,
    }));
  }
}
