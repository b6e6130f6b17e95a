/**
 * Reading a refused handshake. The server marks every refusal's `connect_error`
 * with `data.code` (an `ErrorCode`): `unauthorized` for a missing, bad or expired
 * token, `forbidden` for a token without the needed role. A transport failure has none.
 */
import type { ErrorCode } from '../server/protocol.js';

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'too_large',
  'unavailable',
  'internal',
]);

/** The server's code on a `connect_error`, or null when the error did not come from the server. */
export function refusalCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  const code = data.code;
  return typeof code === 'string' && CODES.has(code) ? (code as ErrorCode) : null;
}

/** True when the server refused the sign-in itself (a new token, not a retry, can help). */
export function isSignInRefusal(error: unknown): boolean {
  const code = refusalCode(error);
  return code === 'unauthorized' || code === 'forbidden';
}
