/**
 * Reading a refused handshake. The server marks every refusal's `connect_error`
 * with `data.code` (an `ErrorCode`): `unauthorized` for a missing, bad or expired
 * token, `forbidden` for a token without the needed role. A transport failure has none.
 */
import type { ErrorCode } from './wire.js';

/** Every code, as a record so the compiler says when `ErrorCode` grows and this does not. */
const CODES: Record<ErrorCode, true> = {
  bad_request: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  rate_limited: true,
  too_large: true,
  unavailable: true,
  internal: true,
  muted: true,
  banned: true,
  spam: true,
};

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(CODES, code);

/** The server's code on a `connect_error`, or null when the error did not come from the server. */
export function refusalCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  const code = data.code;
  return typeof code === 'string' && isErrorCode(code) ? code : null;
}

/** True when the server refused the sign-in itself (a new token, not a retry, can help). */
export function isSignInRefusal(error: unknown): boolean {
  const code = refusalCode(error);
  return code === 'unauthorized' || code === 'forbidden' || code === 'banned';
}
