import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names a receiver reads; the values are documented in docs/server-api.md. */
export const TIMESTAMP_HEADER = 'X-Stock-Chat-Timestamp';
export const SIGNATURE_HEADER = 'X-Stock-Chat-Signature';

/** `sha256=<hex HMAC-SHA256 of "timestamp.body">` with the subscription's secret. */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (and the tests and examples/ use): recompute and compare in
 * constant time, and refuse a timestamp further than `toleranceSec` from now (replays).
 */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  toleranceSec = 300,
  now = Date.now(),
): boolean {
  const t = Number(timestamp);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
