import type { Middleware } from 'koa';
import type { ProxyTrust } from '../proxy-trust.js';

/**
 * Sets `ctx.ip` to the client's address as the trusted reverse proxies report it
 * (server/proxy-trust.ts), the address a Socket.IO handshake from the same client is
 * counted against. Mount it first: per-address limits and logs read `ctx.ip`.
 */
export function clientAddress(proxies: ProxyTrust): Middleware {
  return (ctx, next) => {
    ctx.request.ip = proxies.addressOf(ctx.req);
    return next();
  };
}
