import type { ExtendedError } from 'socket.io';
import { AppError } from '../errors.js';
import type { TokenVerifier } from '../domain/identity.js';
import type { ReleaseSlot, SocketQuota } from '../limits/socket-quota.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { Ban } from '../../protocol/admin.js';
import type { ProxyTrust } from '../proxy-trust.js';
import type { Store } from '../store/types.js';
import type { ChatSocket } from './types.js';

export interface HandshakeGuards {
  limits: UserLimits;
  /** LIMIT_SOCKETS_PER_USER: a slot is reserved per handshake, given back when the socket goes. */
  sockets: SocketQuota;
  /** Reads the client's address behind the trusted reverse proxies. */
  proxies: ProxyTrust;
}

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
  guards?: HandshakeGuards,
) {
  return async (socket: ChatSocket, next: (err?: ExtendedError) => void) => {
    // Behind a proxy every socket comes from the proxy: count the client it forwards for,
    // and show that address in the console (which reads the handshake's).
    if (guards) socket.handshake.address = guards.proxies.addressOf(socket.request);
    const address = socket.handshake.address;
    let verified = false;
    let release: ReleaseSlot | undefined;
    try {
      // An address that keeps failing is refused before its tokens are even checked.
      await guards?.limits.handshakeFailures.check(address);
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      const identity = verifier.verify(auth?.token);
      verified = true;
      const ban = banOf(identity.id);
      if (ban) {
        throw new AppError('banned', 'you are banned', ban.until ? { until: ban.until } : {});
      }
      // Checked and counted in one step before anything waits, so a burst cannot overshoot.
      release = await guards?.sockets.reserve(identity.id);
      if (release) releaseWhenGone(socket, release);
      await store.upsertUser({ id: identity.id, name: identity.name, avatar: identity.avatar });
      socket.data.user = identity;
      next();
    } catch (err) {
      release?.();
      const appError =
        err instanceof AppError ? err : new AppError('unavailable', 'sign-in failed, try again');
      if (!verified && appError.code === 'unauthorized')
        await guards?.limits.handshakeFailures.consume(address).catch(() => undefined);
      const refusal: ExtendedError = new Error(appError.message);
      refusal.data = { code: appError.code, ...appError.details };
      next(refusal);
    }
  };
}

/** Gives the slot back when the socket disconnects or its connection closes (even mid-handshake). */
function releaseWhenGone(socket: ChatSocket, release: ReleaseSlot): void {
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  if (socket.conn.readyState !== 'open') release();
}
