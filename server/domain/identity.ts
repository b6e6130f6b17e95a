import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { DEFAULT_TOKEN_MAX_LIFETIME_SEC, type Config } from '../config.js';
import { avatarUrl } from './avatars.js';
import { AppError } from '../errors.js';
import { USER_ID_PATTERN } from './rooms.js';
import { displayName } from './validation.js';

/** The signed-in user as the server sees it, from the verified token. */
export interface Identity {
  id: string;
  name: string;
  avatar?: string;
  roles: string[];
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

const Claims = z.object({
  sub: z.string().regex(USER_ID_PATTERN, 'sub must be 1-64 of A-Z a-z 0-9 _ . @ -'),
  name: displayName(100).optional(),
  avatar: avatarUrl.optional(),
  roles: z.array(z.string().max(64)).max(32).optional(),
  exp: z.number({ error: 'exp is required' }),
  iat: z.number().optional(),
});

/** `2592000` -> `30 days`, `7200` -> `2 hours`, for the refusal's message. */
function spoken(sec: number): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ] as const)
    if (sec >= size && sec % size === 0) return `${sec / size} ${unit}${sec === size ? '' : 's'}`;
  return `${sec} s`;
}

/**
 * Turns verified JWT claims into an Identity, or throws `unauthorized`. A token may live
 * at most `maxLifetimeSec` (TOKEN_MAX_LIFETIME): `exp` no further than that after `iat`,
 * nor after now, so a token with `exp: 1e300` never becomes a key that cannot expire.
 */
export function identityFromClaims(
  payload: unknown,
  maxLifetimeSec = DEFAULT_TOKEN_MAX_LIFETIME_SEC,
  nowMs = Date.now(),
): Identity {
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    throw new AppError('unauthorized', `invalid token claims: ${claims.error.issues[0]?.message}`);
  }
  const c = claims.data;
  const nowSec = nowMs / 1000;
  if (c.exp - nowSec > maxLifetimeSec || (c.iat !== undefined && c.exp - c.iat > maxLifetimeSec)) {
    throw new AppError(
      'unauthorized',
      `token lifetime exceeds the server's maximum of ${spoken(maxLifetimeSec)} (TOKEN_MAX_LIFETIME): sign it with an exp closer to its iat`,
    );
  }
  return {
    id: c.sub,
    name: c.name ?? c.sub,
    avatar: c.avatar,
    roles: c.roles ?? [],
    expiresAt: c.exp * 1000,
  };
}

/** Verifies tokens with the configured key and pinned algorithm, for sockets and REST alike. */
export class TokenVerifier {
  /**
   * Parsed once: given a string, jsonwebtoken first tries to parse it as a PEM
   * public key on every verify, which cost more than the HMAC itself.
   */
  private readonly verifyKey: KeyObject;

  constructor(private readonly options: Config['jwt']) {
    this.verifyKey =
      options.algorithm === 'HS256'
        ? createSecretKey(Buffer.from(options.key, 'utf8'))
        : createPublicKey(options.key);
  }

  /** The koa-jwt / jsonwebtoken options, so REST verifies exactly like sockets do. */
  get verifyOptions(): jwt.VerifyOptions & { algorithms: jwt.Algorithm[] } {
    return {
      algorithms: [this.options.algorithm],
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      ...(this.options.audience ? { audience: this.options.audience } : {}),
    };
  }

  get key(): string {
    return this.options.key;
  }

  /** The longest a token may live, in seconds (TOKEN_MAX_LIFETIME). */
  get maxLifetimeSec(): number {
    return this.options.maxLifetimeSec ?? DEFAULT_TOKEN_MAX_LIFETIME_SEC;
  }

  /** The claims checks every verified token goes through (REST's koa-jwt payload too). */
  identity(payload: unknown): Identity {
    return identityFromClaims(payload, this.maxLifetimeSec);
  }

  verify(token: unknown): Identity {
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
      throw new AppError('unauthorized', 'a token is required (handshake.auth.token)');
    }
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.verifyKey, this.verifyOptions);
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AppError('unauthorized', 'token expired');
      throw new AppError('unauthorized', `invalid token: ${(err as Error).message}`);
    }
    return this.identity(payload);
  }

  /** Whether `sign` can work (a secret, or a private key next to the public one). */
  get canSign(): boolean {
    return Boolean(this.options.signingKey);
  }

  /** Signs a token (development endpoint, `npm run token`); needs the signing key. */
  sign(
    claims: { sub: string; name?: string; roles?: string[]; avatar?: string },
    ttlSec = 3600,
  ): string {
    if (!this.options.signingKey)
      throw new Error('No signing key: set JWT_SECRET or JWT_PRIVATE_KEY');
    if (ttlSec > this.maxLifetimeSec)
      throw new Error(
        `A ${ttlSec} s token would be refused: the maximum lifetime is ${this.maxLifetimeSec} s (TOKEN_MAX_LIFETIME)`,
      );
    return jwt.sign(claims, this.options.signingKey, {
      algorithm: this.options.algorithm,
      expiresIn: ttlSec,
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      ...(this.options.audience ? { audience: this.options.audience } : {}),
    });
  }
}
