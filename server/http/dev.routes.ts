import type Router from '@koa/router';
import type { FriendsService } from '../domain/friends-service.js';
import { AppError } from '../errors.js';
import type { TokenVerifier } from '../domain/identity.js';
import { USER_ID_PATTERN } from '../domain/rooms.js';
import { parse, schemas } from '../domain/validation.js';
import type { Store } from '../store/types.js';
import { newRouter } from './router.js';

/** True for 127.0.0.0/8 and ::1, IPv4-mapped or not. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/**
 * `POST /api/dev/token`: signs a token for any name so the demo page and tests can
 * sign in. Mounted only outside production, and answers only loopback callers.
 */
export function devRoutes(verifier: TokenVerifier, store: Store, friends: FriendsService): Router {
  const router = newRouter();
  router.post('/dev/token', async (ctx) => {
    // The socket's own address: a proxy's X-Forwarded-For cannot open this.
    if (!isLoopback(ctx.req.socket.remoteAddress)) {
      throw new AppError(
        'forbidden',
        'the development token endpoint answers loopback requests only',
      );
    }
    // Checked before anything is written: without a signing key no token can come of it.
    if (!verifier.canSign) {
      throw new AppError(
        'unavailable',
        'the server has a public key but no JWT_PRIVATE_KEY, so it cannot sign development tokens',
      );
    }
    const input = parse(schemas.devToken, ctx.request.body);
    const ids = [input.sub, ...(input.friends ?? [])];
    const bad = ids.find((id) => !USER_ID_PATTERN.test(id));
    if (bad)
      throw new AppError('bad_request', `"${bad}" is not a user id (1-64 of A-Z a-z 0-9 _ . @ -)`);
    const roles = [...new Set([...(input.roles ?? []), ...(input.admin ? ['admin'] : [])])];
    const user = {
      id: input.sub,
      name: input.name ?? input.sub,
      ...(input.avatar ? { avatar: input.avatar } : {}),
    };
    await store.upsertUser(user);
    for (const friend of input.friends ?? []) {
      const [known] = await store.getUsers([friend]);
      if (!known) await store.upsertUser({ id: friend, name: friend });
      await friends.befriend(input.sub, friend);
    }
    const token = verifier.sign(
      { sub: user.id, name: user.name, roles, ...(input.avatar ? { avatar: input.avatar } : {}) },
      input.ttlSec ?? 3600,
    );
    ctx.body = { token, user: { ...user, roles } };
  });
  return router;
}
