import type { Context, Next } from 'koa';
import { API_KEY_PREFIX, type ApiKeys } from '../domain/api-keys.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { requireApiKey, requireScope, type ApiKeyState } from './api-key.auth.js';
import type { AuthState } from './auth.js';

type Middleware = (ctx: Context, next: Next) => Promise<unknown>;

/**
 * The signed-in check of the user routes, which also lets the host platform's
 * backend reach `/api/mod/*` with an API key holding `moderate`: such a call acts
 * as a moderator named `apikey:<name>` (so the moderation audit log shows which
 * key did it), and is written to the API audit log like every key call. An API key
 * anywhere else under the user routes is refused with 401.
 */
export function userOrModeratorKey(
  userAuth: Middleware,
  keys: ApiKeys,
  store: Store,
  log: Logger,
): Middleware {
  const withKey = requireApiKey(keys, store, log);
  const moderate = requireScope('moderate');
  return async (ctx, next) => {
    const bearer = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
    if (!bearer?.startsWith(API_KEY_PREFIX)) return userAuth(ctx, next);
    if (!ctx.path.startsWith('/api/mod/'))
      throw new AppError('unauthorized', 'API keys reach /api/server and /api/mod only');
    return withKey(ctx, () =>
      moderate(ctx, async () => {
        const { apiKey } = ctx.state as ApiKeyState;
        (ctx.state as AuthState).user = {
          id: `apikey:${apiKey.name}`,
          name: apiKey.name,
          roles: ['moderator'],
          expiresAt: Number.MAX_SAFE_INTEGER,
        };
        await next();
      }),
    );
  };
}
