import type { ErrorBody, ErrorCode } from '../protocol/wire.js';

/** Details an error may carry beside its code and message. */
export type ErrorDetails = Pick<ErrorBody, 'until' | 'retryAfterMs' | 'rule' | 'limit'>;

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
  muted: 403,
  banned: 403,
  spam: 422,
};

/**
 * An error whose code and message are meant for the client. Anything else that is
 * thrown is logged and reaches the client only as `internal`.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export const badRequest = (message: string) => new AppError('bad_request', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const notFound = (message: string) => new AppError('not_found', message);
export const conflict = (message: string) => new AppError('conflict', message);
