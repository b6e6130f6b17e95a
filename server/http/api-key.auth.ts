import type { Context, Next } from 'koa';
import type { ApiKeys } from '../domain/api-keys.js';
import { AppError } from '../errors.js';
import type { RateLimit } from '../limits/user-limits.js';
import type { Logger } from '../logger.js';
import type { ApiKeyRecord, ApiScope, Store } from '../store/types.js';

export interface ApiKeyState {
  apiKey: ApiKeyRecord;
}

/**
 * `Authorization: Bearer <API key>` for `/api/server/*`: 401 without a live key, 429
 * past the key's `perKey` budget. Every call that presented a live key is written to
 * the audit log with its final status.
 */
export function requireApiKey(keys: ApiKeys, store: Store, log: Logger, perKey?: RateLimit) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization');
    const presented = /^Bearer (\S+)$/.exec(header)?.[1];
    const key = presented ? await keys.verify(presented) : null;
    if (!key)
      throw new AppError(
        'unauthorized',
        'a valid API key is required (Authorization: Bearer sck_...)',
      );
    (ctx.state as ApiKeyState).apiKey = key;
    let status = 500;
    try {
      await perKey?.consume(key.id);
      await next();
      status = ctx.status;
    } catch (err) {
      status = err instanceof AppError ? err.status : 500;
      throw err;
    } finally {
      await store.apiKeys
        .audit({
          keyId: key.id,
          keyName: key.name,
          method: ctx.method,
          path: ctx.path,
          status,
          at: new Date().toISOString(),
        })
        .catch((err: unknown) => log.error({ err }, 'API audit write failed'));
    }
  };
}

/** 403 unless the key holds the scope; 401 when no key was verified (a route reached past `requireApiKey`). */
export function requireScope(scope: ApiScope) {
  return async (ctx: Context, next: Next) => {
    const { apiKey } = ctx.state as Partial<ApiKeyState>;
    if (!apiKey) throw new AppError('unauthorized', 'a valid API key is required');
    if (!apiKey.scopes.includes(scope)) {
      throw new AppError('forbidden', `this API key lacks the ${scope} scope`);
    }
    await next();
  };
}
