import type { Context, Next } from 'koa';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ErrorCode } from '../../protocol/wire.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'bad_request',
  422: 'bad_request',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * First in the chain: every error becomes `{ error: { code, message } }` with its
 * status. Messages of unexpected errors never reach the client; they are logged here.
 */
export function errorMiddleware(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new AppError('not_found', `no route ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      if (err instanceof AppError) {
        ctx.status = err.status;
        if (err.details.retryAfterMs !== undefined)
          ctx.set('Retry-After', String(Math.ceil(err.details.retryAfterMs / 1000)));
        ctx.body = { error: err.toBody() };
        return;
      }
      const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string };
      const status = e.status ?? e.statusCode ?? 500;
      const code = CODE_BY_STATUS[status] ?? 'internal';
      if (status >= 500) log.error({ err, path: ctx.path }, 'request failed');
      ctx.status = status;
      ctx.body = {
        error: {
          code,
          message:
            e.expose && e.message ? e.message : code === 'internal' ? 'internal error' : code,
        },
      };
    }
  };
}
