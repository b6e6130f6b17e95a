import type { Context, Next } from 'koa';
import koaJwt from 'koa-jwt';
import { AppError } from '../errors.js';
import type { Identity, TokenVerifier } from '../domain/identity.js';
import type { Ban } from '../../protocol/admin.js';
import type { Store } from '../store/types.js';

export interface AuthState {
  user: Identity;
  jwt?: unknown;
}

/**
 * koa-jwt with the sockets' key, algorithms, issuer and audience, then the same
 * claim checks; the user is upserted from the token like on a socket handshake.
 * A banned user is refused with `banned`.
 */
export function requireAuth(
  verifier: TokenVerifier,
  store: Store,
  banOf: (userId: string) => Ban | undefined = () => undefined,
) {
  const jwt = koaJwt({
    secret: verifier.key,
    key: 'jwt',
    ...verifier.verifyOptions,
  } as koaJwt.Options);
  return async (ctx: Context, next: Next) => {
    try {
      await jwt(ctx, async () => undefined);
    } catch (err) {
      const message = (err as { originalError?: { message?: string }; message?: string })
        .originalError?.message;
      throw new AppError(
        'unauthorized',
        message === 'jwt expired' ? 'token expired' : 'a valid Bearer token is required',
      );
    }
    const user = verifier.identity(ctx.state.jwt);
    const ban = banOf(user.id);
    if (ban) throw new AppError('banned', 'you are banned', ban.until ? { until: ban.until } : {});
    ctx.state.user = user;
    await store.upsertUser({ id: user.id, name: user.name, avatar: user.avatar });
    await next();
  };
}

/**
 * Allows only users holding one of the roles. Without a signed-in user (a route reached
 * past its authentication) it refuses with 401 rather than failing with a 500.
 */
export function requireRole(...roles: string[]) {
  return async (ctx: Context, next: Next) => {
    const user = (ctx.state as Partial<AuthState>).user;
    if (!user) throw new AppError('unauthorized', 'a valid Bearer token is required');
    if (!user.roles.some((r) => roles.includes(r))) {
      throw new AppError('forbidden', `this needs the ${roles.join(' or ')} role`);
    }
    await next();
  };
}
