import type { Context, Next } from 'koa';
import { AppError } from '../errors.js';
import type { RateLimit, UserLimits } from '../limits/user-limits.js';

/**
 * The REST API's limits on callers that are not chat users: the host platform's
 * backend (`/api/server/*`, `/api/mod/*` with a key) and whoever guesses credentials.
 * Built through `UserLimits.rate`, so they count in Redis across nodes when
 * `REDIS_URL` is set; a refusal is `429 rate_limited` with `Retry-After`.
 */
export class ApiLimits {
  /** `/api/server/*` and `/api/mod/*` calls per address, before any credential is read. */
  readonly perAddress: RateLimit;
  /** `/api/server/*` calls per API key. */
  readonly perKey: RateLimit;
  /** Quotes pushed per API key per second (a batch counts its quotes). */
  readonly quotes: RateLimit;
  /** Refused credentials (a wrong API key or user token) per address, on every `/api` route. */
  readonly authFailures: RateLimit;

  constructor(limits: UserLimits) {
    const { config } = limits;
    this.perAddress = limits.rate(
      'server_api_address',
      config.serverApiPerAddress,
      'server API calls from this address',
      'cluster',
    );
    this.perKey = limits.rate(
      'server_api_key',
      config.serverApiPerKey,
      'calls with this API key',
      'cluster',
    );
    this.quotes = limits.rate(
      'quotes_key',
      config.quotesPerKey,
      'quotes with this API key',
      'cluster',
    );
    this.authFailures = limits.rate(
      'api_auth_failures',
      config.apiAuthFailures,
      'refused credentials from this address',
      'cluster',
    );
  }
}

/** The routes of callers with an API key: limited per address whatever they present. */
const keyRoutes = (path: string) => path.startsWith('/api/server/') || path.startsWith('/api/mod/');

/**
 * In front of `/api` routing: an address that keeps presenting wrong credentials is
 * refused before they are checked (each refusal, `unauthorized` from any of the
 * REST authentications, counts one), and the key routes count every call per address.
 * `ctx.ip` is the caller (the proxy's client address when TRUST_PROXY is set).
 */
export function apiGuard(limits: ApiLimits) {
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    const presented = ctx.get('authorization') !== '';
    if (presented) await limits.authFailures.check(ctx.ip);
    if (keyRoutes(ctx.path)) await limits.perAddress.consume(ctx.ip);
    try {
      await next();
    } catch (err) {
      if (presented && err instanceof AppError && err.code === 'unauthorized')
        await limits.authFailures.consume(ctx.ip).catch(() => undefined);
      throw err;
    }
  };
}
