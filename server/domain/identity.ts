import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
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
  avatar: z.string().url().max(2048).optional(),
  roles: z.array(z.string().max(64)).max(32).optional(),
  exp: z.number({ error: 'exp is required' }),
});

/** Turns verified JWT claims into an Identity, or throws `unauthorized`. */
export function identityFromClaims(payload: unknown): Identity {
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    throw new AppError('unauthorized', `invalid token claims: ${claims.error.issues[0]?.message}`);
  }
  const c = claims.data;
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
    return identityFromClaims(payload);
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
    return jwt.sign(claims, this.options.signingKey, {
      algorithm: this.options.algorithm,
      expiresIn: ttlSec,
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      ...(this.options.audience ? { audience: this.options.audience } : {}),
    });
  }
}
