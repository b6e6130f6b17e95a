import type { IncomingMessage } from 'node:http';
import type { ExtendedError } from 'socket.io';
import { AppError } from '../domain/errors.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { Ban } from '../protocol.js';
import type { Store } from '../store/types.js';
import type { ChatSocket } from './types.js';

/**
 * Socket.IO middleware: verifies `handshake.auth.token` (never the query string)
 * and upserts the user. A refused handshake reaches the client as `connect_error`
 * with `message` "token expired" or another reason, and `data.code` "unauthorized"
 * (`banned` for a banned user).
 */
export function authMiddleware(
  verifier: TokenVerifier,
  store: Store,
  banOf: (userId: string) => Ban | undefined = () => undefined,
) {
  return async (socket: ChatSocket, next: (err?: ExtendedError) => void) => {
    try {
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      const identity = verifier.verify(auth?.token);
      const ban = banOf(identity.id);
      if (ban) {
        throw new AppError('banned', 'you are banned', ban.until ? { until: ban.until } : {});
      }
      await store.upsertUser({ id: identity.id, name: identity.name, avatar: identity.avatar });
      socket.data.user = identity;
      next();
    } catch (err) {
      const appError =
        err instanceof AppError ? err : new AppError('unavailable', 'sign-in failed, try again');
      const refusal: ExtendedError = new Error(appError.message);
      refusal.data = { code: appError.code, ...appError.details };
      next(refusal);
    }
  };
}

/** Normalises an Origin header for comparison (`https://a.example/` -> `https://a.example`). */
const normalise = (origin: string) => origin.trim().replace(/\/$/, '').toLowerCase();

/**
 * Decides, on the handshake request itself, whether a browser origin may connect.
 * The server's own origin is always allowed; no Origin header (a non-browser client)
 * is allowed and still needs a token; `null` allowed-list means any origin (development).
 */
export function originGuard(allowed: string[] | null) {
  const list = allowed?.map(normalise);
  return (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (!origin || list === undefined) return true;
    const o = normalise(origin);
    try {
      if (new URL(o).host === req.headers.host?.toLowerCase()) return true;
    } catch {
      return false;
    }
    return list.includes(o);
  };
}
