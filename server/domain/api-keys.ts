import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { API_SCOPES, type ApiKeyRecord, type ApiScope, type Store } from '../store/types.js';
import { badRequest } from '../errors.js';

/** Every key starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_KEY_PREFIX = 'sck_';

/** The stored form of a key: hex SHA-256 (keys are 256 random bits, so no slow hash is needed). */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Parses `publish,read` into scopes, refusing unknown ones with a message that lists the valid ones. */
export function parseScopes(list: string): ApiScope[] {
  const scopes = [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw badRequest(
      `scopes must be a comma-separated list of ${API_SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  }
  return scopes as ApiScope[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Server API keys: created with `npm run apikey`, shown once, stored only as a
 * hash, and looked up in the store on every call (no cache), so a key created or
 * revoked by another process takes effect at once.
 */
export class ApiKeys {
  constructor(private readonly store: Store) {}

  /** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
  async create(name: string, scopes: ApiScope[]): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!NAME.test(name))
      throw badRequest('name must be 1-64 letters, digits, dots, dashes or underscores');
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = await this.store.apiKeys.create({
      id: randomUUID(),
      name,
      scopes,
      hash: hashApiKey(key),
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    });
    return { key, record };
  }

  /** The live key a caller presented, or null. */
  async verify(key: string): Promise<ApiKeyRecord | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    return this.store.apiKeys.findByHash(hashApiKey(key));
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.apiKeys.list();
  }

  revoke(idOrName: string): Promise<boolean> {
    return this.store.apiKeys.revoke(idOrName);
  }
}
