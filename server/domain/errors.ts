import type { ErrorBody, ErrorCode } from '../protocol.js';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * An error whose code and message are meant for the client. Anything else that is
 * thrown is logged and reaches the client only as `internal`.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  /** For `rate_limited`: when a retry may succeed. */
  readonly retryAfterMs?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: { retryAfterMs?: number } = {},
  ) {
    super(message);
    this.status = STATUS[code];
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }

  toBody(): ErrorBody {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

export const badRequest = (message: string) => new AppError('bad_request', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const notFound = (message: string) => new AppError('not_found', message);
export const conflict = (message: string) => new AppError('conflict', message);
